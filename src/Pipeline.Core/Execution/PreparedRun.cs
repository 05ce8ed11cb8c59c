using Pipeline.Planning;
using Pipeline.Records;

namespace Pipeline.Execution;

/// <summary>A validated run, ready to start: nothing has been called or written yet.</summary>
/// <param name="ManifestSha256">Hex SHA-256 of the manifest file's bytes.</param>
/// <param name="BaseUrl">The provider URL when known before start (null for an in-process sandbox).</param>
/// <param name="Locked">The plan reproduces <c>campaign.lock.json</c>, which is then left as it is.</param>
public sealed record PreparedRun(
    Plan Plan,
    CampaignFolder Folder,
    string Provider,
    Uri? BaseUrl,
    string ManifestSha256,
    ExecutorOptions Options,
    decimal? MaxCostUsd,
    bool Locked = false)
{
    /// <summary>The campaign's history as the budget preflight read it; the run reuses its logs if they are unchanged.</summary>
    public CampaignHistory? History { get; init; }

    /// <summary>The jobs <c>--only</c> selects; null: every job of the plan.</summary>
    public JobSelection? Selection { get; init; }

    /// <summary><c>--force</c>: the selected jobs render again even when verified.</summary>
    public bool Force { get; init; }
}
