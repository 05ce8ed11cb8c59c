using Pipeline.Domain;

namespace Pipeline.Execution;

/// <summary>What <c>pipeline run</c> was asked to do; null overrides leave the manifest's value.</summary>
/// <param name="OutputRoot">The folder that holds campaign folders; null: <c>output/</c> of the manifest's project (<see cref="Records.OutputLocation"/>).</param>
/// <param name="AllowPartial">Start even when the estimate exceeds the budget: render up to the cap, the rest become <c>skipped_budget</c>.</param>
/// <param name="Locked">Render exactly the jobs of <c>campaign.lock.json</c>; refuse when the manifest changed since.</param>
public sealed record RunRequest(
    string ManifestPath,
    string? OutputRoot = null,
    string? Provider = null,
    Uri? BaseUrl = null,
    int? Concurrency = null,
    decimal? MaxCostUsd = null,
    bool AllowPartial = false,
    bool Locked = false,
    Shard Shard = default)
{
    /// <summary><c>--only</c> selectors (<c>prompt=kettle-hero,seed=11</c>): the run considers only the jobs any of them matches; empty: every job.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    /// <summary><c>--force</c>: render the selected jobs again even when verified (requires <see cref="Only"/>).</summary>
    public bool Force { get; init; }
}
