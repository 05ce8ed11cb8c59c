using Pipeline.Sandbox.Faults;

namespace Pipeline.Sandbox.Tasks;

/// <summary>
/// Decides a task's end from prompt markers (first match wins, in the order below), else from
/// <see cref="SandboxOptions.ModerationRate"/> hashed with the request fingerprint, so the same request
/// under the same seed is always moderated or always not.
/// </summary>
internal static class OutcomePolicy
{
    public const string RequestModeratedMarker = "[sandbox:request-moderated]";
    public const string ContentModeratedMarker = "[sandbox:content-moderated]";
    public const string ErrorMarker = "[sandbox:error]";
    public const string FailedMarker = "[sandbox:failed]";

    public static TaskOutcome Decide(string prompt, string fingerprint, double moderationRate, FaultInjector faults)
    {
        if (prompt.Contains(RequestModeratedMarker, StringComparison.OrdinalIgnoreCase))
        {
            return TaskOutcome.RequestModerated;
        }

        if (prompt.Contains(ContentModeratedMarker, StringComparison.OrdinalIgnoreCase))
        {
            return TaskOutcome.ContentModerated;
        }

        if (prompt.Contains(ErrorMarker, StringComparison.OrdinalIgnoreCase))
        {
            return TaskOutcome.Error;
        }

        if (prompt.Contains(FailedMarker, StringComparison.OrdinalIgnoreCase))
        {
            return TaskOutcome.Failed;
        }

        if (moderationRate > 0 && faults.Stable($"moderate\n{fingerprint}") < moderationRate)
        {
            return faults.Stable($"moderation-kind\n{fingerprint}") < 0.5 ? TaskOutcome.RequestModerated : TaskOutcome.ContentModerated;
        }

        return TaskOutcome.Ready;
    }
}
