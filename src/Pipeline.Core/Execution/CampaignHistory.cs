using Pipeline.Audit;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Execution;

/// <summary>
/// What earlier runs left in a campaign folder: jobs with a verified file (from every audit log), and the
/// ledgers replayed together by time (tasks still in flight anywhere, what settled jobs were billed).
/// </summary>
/// <param name="Own">This shard's ledger alone (equal to <paramref name="Everywhere"/> for the whole campaign).</param>
public sealed record CampaignHistory(IReadOnlySet<string> Verified, LedgerState Everywhere, LedgerState Own)
{
    public static CampaignHistory Load(CampaignFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var verified = AuditReader.ReadCampaign(folder)
            .Where(r => r.Status == JobStatus.Succeeded && r.File is not null && File.Exists(Path.Combine(folder.Root, r.File)))
            .Select(r => r.JobId)
            .ToHashSet(StringComparer.Ordinal);
        var everywhere = Ledger.Replay(folder.AllLedgerPaths().SelectMany(Ledger.Read).OrderBy(e => e.At).ToList());
        var own = folder.Shard.IsWhole ? everywhere : Ledger.Replay(Ledger.Read(folder.LedgerPath));
        return new CampaignHistory(verified, everywhere, own);
    }

    /// <summary>
    /// Spend that counts against the cap before this run: settled bills, submits whose fate was never learned,
    /// and every acknowledged task this run will not re-attach to (those it re-attaches are reserved separately).
    /// A shard answers for its own ledger (its share of the cap).
    /// </summary>
    public decimal SpentBefore(IReadOnlyDictionary<string, LedgerEntry> reattached)
    {
        ArgumentNullException.ThrowIfNull(reattached);
        return Own.BilledUsd + Own.UnknownUsd + Own.InFlight.Values.Where(e => !reattached.ContainsKey(e.JobId)).Sum(e => e.CostUsd ?? 0m);
    }
}
