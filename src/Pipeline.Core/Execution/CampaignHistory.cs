using Pipeline.Audit;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Execution;

/// <summary>
/// What earlier runs left in a campaign folder: jobs with a verified file (from every audit log), and the
/// ledgers replayed together by time (tasks still in flight anywhere, what settled jobs were billed).
/// </summary>
/// <param name="Verified">Jobs whose kept file matches its audit row (<see cref="KeptFiles"/>).</param>
/// <param name="Own">This shard's ledger alone (equal to <paramref name="Everywhere"/> for the whole campaign).</param>
/// <param name="Damaged">Jobs recorded as succeeded whose file is missing or changed: to be rendered again.</param>
public sealed record CampaignHistory(IReadOnlySet<string> Verified, LedgerState Everywhere, LedgerState Own, IReadOnlyList<DamagedFile> Damaged)
{
    private IReadOnlyList<FileStamp> Stamps { get; init; } = [];

    private IReadOnlyList<AuditRow> Rows { get; init; } = [];

    private IReadOnlyList<LedgerEntry> Entries { get; init; } = [];

    private string Provider { get; init; } = string.Empty;

    /// <summary>The latest row of each job in <see cref="Verified"/>.</summary>
    public IReadOnlyDictionary<string, AuditRow> VerifiedRows { get; init; } = new Dictionary<string, AuditRow>(StringComparer.Ordinal);

    /// <summary>Tasks in flight in any shard's ledger whose outcome no audit row records (<see cref="LedgerState.Open"/>): what a run may re-attach to.</summary>
    public IReadOnlyDictionary<string, LedgerEntry> Open { get; init; } = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);

    /// <summary>Reads the folder as a run on <paramref name="provider"/> sees it (spend of the same kind only, see <see cref="SpendScope"/>).</summary>
    public static CampaignHistory Load(CampaignFolder folder, string provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);

        // Stamped before reading: a row appended while we read makes the stamp stale, never the other way round.
        var stamps = StampsOf(folder);
        var rows = AuditReader.ReadCampaign(folder);
        var all = folder.AllLedgerPaths().SelectMany(Ledger.Read).ToList();
        return From(folder, provider, stamps, rows, all, cancellationToken);
    }

    /// <summary>
    /// This history as of now, for the run that holds the campaign's run lock: the logs read before (by the budget
    /// preflight) when no audit log or ledger has changed since, else read afresh; the kept files are checked again
    /// either way (docs/architecture.md#45-a-rerun-of-a-finished-campaign).
    /// </summary>
    public CampaignHistory Refresh(CampaignFolder folder, string provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return string.Equals(provider, Provider, StringComparison.Ordinal) && Stamps.Count > 0 && Stamps.SequenceEqual(StampsOf(folder))
            ? From(folder, provider, Stamps, Rows, Entries, cancellationToken)
            : Load(folder, provider, cancellationToken);
    }

    private static CampaignHistory From(CampaignFolder folder, string provider, IReadOnlyList<FileStamp> stamps, IReadOnlyList<AuditRow> rows, IReadOnlyList<LedgerEntry> all, CancellationToken cancellationToken)
    {
        var kept = KeptFiles.Check(folder, rows, cancellationToken);
        var scope = SpendScope.For(provider, rows, all);
        var everywhere = Ledger.Replay(all.Where(scope.Counts).OrderBy(e => e.At).ToList());
        var own = folder.Shard.IsWhole ? everywhere : Ledger.Replay(Ledger.Read(folder.LedgerPath).Where(scope.Counts).ToList());
        return new CampaignHistory(kept.Verified, everywhere, own, kept.Damaged)
        {
            Stamps = stamps, Rows = rows, Entries = all, Provider = provider, VerifiedRows = kept.VerifiedRows, Open = everywhere.Open(rows),
        };
    }

    private static IReadOnlyList<FileStamp> StampsOf(CampaignFolder folder) => FileStamp.Of(folder.AllAuditPaths().Concat(folder.AllLedgerPaths()));

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
