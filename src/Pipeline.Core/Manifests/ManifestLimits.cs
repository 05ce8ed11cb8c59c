namespace Pipeline.Manifests;

/// <summary>Run limits from the manifest's <c>limits:</c> block.</summary>
/// <param name="Concurrency">Jobs in flight at once (submit to terminal status). Default 4.</param>
/// <param name="RequestsPerMinute">Submits per minute; null means the provider's own limit.</param>
/// <param name="MaxCostUsd">Hard budget in USD; null means no budget.</param>
/// <param name="MaxAttempts">Submit attempts per job for retryable failures. Default 4.</param>
public sealed record ManifestLimits(int Concurrency, int? RequestsPerMinute, decimal? MaxCostUsd, int MaxAttempts)
{
    public const int DefaultConcurrency = 4;
    public const int DefaultMaxAttempts = 4;

    public static ManifestLimits Default { get; } = new(DefaultConcurrency, null, null, DefaultMaxAttempts);
}
