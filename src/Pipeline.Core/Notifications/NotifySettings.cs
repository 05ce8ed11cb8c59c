namespace Pipeline.Notifications;

/// <summary>
/// Where and when to say that a run ended: <c>notify: {webhook: URL, on: [succeeded, failed, budget, interrupted]}</c>
/// in a schedules file, or <c>pipeline run --notify URL</c> (docs/architecture.md#42-notifications).
/// </summary>
/// <param name="Webhook">An http(s) URL that takes a Slack-compatible JSON POST.</param>
/// <param name="On">The endings that notify. Default: all four.</param>
public sealed record NotifySettings(Uri Webhook, IReadOnlySet<RunEnding> On)
{
    public static IReadOnlySet<RunEnding> Always { get; } = new HashSet<RunEnding>(Enum.GetValues<RunEnding>());

    public bool Wants(RunEnding ending) => On.Contains(ending);
}
