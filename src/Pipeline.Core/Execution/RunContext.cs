using Pipeline.Audit;
using Pipeline.Manifests;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Execution;

/// <summary>Everything one run of one campaign writes to or checks against.</summary>
/// <param name="RunId">Names this run in the audit log.</param>
/// <param name="ManifestSha256">Of the manifest file, recorded in every sidecar.</param>
/// <param name="InFlight">Tasks acknowledged in earlier runs and never settled, by job id: re-attached, not resubmitted.</param>
internal sealed record RunContext(
    string RunId,
    CampaignFolder Folder,
    VerifyPolicy Policy,
    string ManifestSha256,
    AuditLog Audit,
    Ledger Ledger,
    Budget Budget,
    IReadOnlyDictionary<string, LedgerEntry> InFlight)
{
    /// <summary>Jobs whose verified render this run replaces (<see cref="RunWork.Replacing"/>), with that render's row.</summary>
    public IReadOnlyDictionary<string, AuditRow> Replacing { get; init; } = new Dictionary<string, AuditRow>(StringComparer.Ordinal);
}
