namespace Pipeline.Providers;

/// <summary>
/// What each provider documents about its limits (docs/providers.md#limits). The executor runs at
/// min(manifest, provider) and discovers undocumented caps from 429s (AIMD in the rate gate).
/// </summary>
/// <param name="ActiveTasks">Tasks in flight (submitted, not terminal) the provider allows, or null if unknown.</param>
/// <param name="SubmitsPerMinute">Creates per minute the provider allows, or null if unknown.</param>
public sealed record ProviderLimits(int? ActiveTasks, int? SubmitsPerMinute)
{
    public static ProviderLimits For(string provider) => provider switch
    {
        "bfl" or "cometapi" => new(24, null),   // BFL: 24 active tasks for standard models (skills guide); CometAPI passes through to BFL.
        "sandbox" => new(24, null),             // The sandbox's default active-task cap mirrors BFL.
        "replicate" => new(null, 600),          // 600 prediction creates per minute (docs/providers.md#replicate-limits-and-retention); predictions queue, no active cap.
        "fal" => new(null, null),               // Over-limit requests wait IN_QUEUE, never rejected (docs/providers.md#fal-errors-and-limits): no cap to model.
        _ => new(null, null),                   // OpenAI-compatible gateways publish none; 429s are followed (AIMD).
    };

    /// <summary>The smaller of a manifest value and a provider limit (either may be absent).</summary>
    public static int? Min(int? manifest, int? provider) =>
        manifest is null ? provider : provider is null ? manifest : Math.Min(manifest.Value, provider.Value);
}
