using Pipeline.Records;

namespace Pipeline.Verification;

/// <summary>The outcome of <see cref="CampaignVerifier.Run"/>.</summary>
/// <param name="Checks">Jobs in first-seen order, then orphans, then ledger gaps.</param>
/// <param name="AuditLogs">Audit logs read (whole campaign and shards).</param>
/// <param name="Ledgers">Ledgers read; 0 means the ledger checks were skipped.</param>
/// <param name="TornBytes">Bytes of a torn last audit row, ignored here and repaired by the next run.</param>
public sealed record CampaignVerification(CampaignFolder Folder, IReadOnlyList<FileCheck> Checks, int AuditLogs, int Ledgers, long TornBytes)
{
    /// <summary>Jobs in the audit logs (orphans and ledger-only entries are not counted).</summary>
    public int Jobs => Checks.Count(c => c.Rendition is null && c.Result is CheckResult.Ok or CheckResult.Failed or CheckResult.Quarantined or CheckResult.NoOutput);

    /// <summary>Renditions checked against <c>renditions.csv</c> (their latest row per image and name).</summary>
    public int Renditions => Checks.Count(c => c.Rendition is not null && c.Result != CheckResult.Orphan);

    public IReadOnlyList<FileCheck> Problems => Checks.Where(c => c.IsProblem).ToList();

    /// <summary>No problem at all (jobs without output and quarantined files are not problems of the folder).</summary>
    public bool Passed => !Checks.Any(c => c.IsProblem);

    /// <summary>How many checks ended in each result, in <see cref="CheckResult"/> order; zero counts left out.</summary>
    public IReadOnlyList<(CheckResult Result, int Count)> Counts =>
        Enum.GetValues<CheckResult>().Select(r => (r, Checks.Count(c => c.Result == r))).Where(x => x.Item2 > 0).ToList();
}
