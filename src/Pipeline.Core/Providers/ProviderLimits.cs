namespace Pipeline.Providers;

/// <summary>
/// What a provider documents about its limits (docs/providers.md#limits), declared by its descriptor. The executor
/// runs at min(manifest, provider) and discovers undocumented caps from 429s (AIMD in the rate gate).
/// </summary>
/// <param name="ActiveTasks">Tasks in flight (submitted, not terminal) the provider allows, or null if unknown.</param>
/// <param name="SubmitsPerMinute">Creates per minute the provider allows, or null if unknown.</param>
public sealed record ProviderLimits(int? ActiveTasks, int? SubmitsPerMinute)
{
    /// <summary>No documented limit: 429s are followed (AIMD).</summary>
    public static ProviderLimits None { get; } = new(null, null);

    /// <summary>The smaller of a manifest value and a provider limit (either may be absent).</summary>
    public static int? Min(int? manifest, int? provider) =>
        manifest is null ? provider : provider is null ? manifest : Math.Min(manifest.Value, provider.Value);
}
