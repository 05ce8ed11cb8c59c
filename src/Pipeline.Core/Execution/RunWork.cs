using Pipeline.Domain;
using Pipeline.Planning;
using Pipeline.Providers.Catalog;
using Pipeline.Records;

namespace Pipeline.Execution;

/// <summary>
/// What one run takes on (docs/architecture.md#46-re-rendering-chosen-jobs-only-and-force): the plan's jobs of its
/// shard that <c>--only</c> selects (every job without it), and of those, in start order, the ones to render — with no
/// verified file yet; verified but forced (<c>--force</c>); or verified with a paid task still open that the run can
/// re-attach to (a forced render a crash cut off, finished without paying again). <c>run</c>, <c>run --dry-run</c> and
/// the budget check all count from it, so what the dry run lists and prices is what the run renders.
/// </summary>
/// <param name="Considered">The jobs this run looks at; the rest of the plan is left as it is.</param>
/// <param name="Pending">The jobs it renders or re-attaches, in start order (<see cref="RenderOrder"/>).</param>
/// <param name="Replacing">Pending jobs that have a verified render, by job id, with that render's row: kept aside when the new one verifies, still the job's image when it does not.</param>
/// <param name="Reattach">Open tasks of pending jobs, by job id: polled, never paid for again.</param>
public sealed record RunWork(IReadOnlyList<Job> Considered, IReadOnlyList<Job> Pending, IReadOnlyDictionary<string, AuditRow> Replacing, IReadOnlyDictionary<string, LedgerEntry> Reattach)
{
    /// <summary>Considered jobs already verified and not rendered again.</summary>
    public int AlreadyDone => Considered.Count - Pending.Count;

    /// <summary>The work of <paramref name="run"/> given what the folder holds.</summary>
    /// <param name="canReattach">Which open tasks this run can poll (<see cref="ReattachableBeforeStart"/>).</param>
    public static RunWork Of(PreparedRun run, CampaignHistory history, Func<LedgerEntry, bool> canReattach)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Of(run.Plan, run.Folder, run.Selection, run.Force, history, canReattach);
    }

    /// <inheritdoc cref="Of(PreparedRun, CampaignHistory, Func{LedgerEntry, bool})"/>
    public static RunWork Of(Plan plan, CampaignFolder folder, JobSelection? selection, bool force, CampaignHistory history, Func<LedgerEntry, bool> canReattach)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(canReattach);
        var considered = plan.Jobs.Where(j => folder.Shard.Contains(j.Id) && (selection?.Contains(j.Id) ?? true)).ToList();
        var open = history.Open.Where(p => canReattach(p.Value)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var pending = RenderOrder.Of(considered.Where(j => !history.Verified.Contains(j.Id.Value) || force || open.ContainsKey(j.Id.Value)).ToList());
        var replacing = pending
            .Where(j => history.VerifiedRows.ContainsKey(j.Id.Value))
            .ToDictionary(j => j.Id.Value, j => history.VerifiedRows[j.Id.Value], StringComparer.Ordinal);
        return new RunWork(considered, pending, replacing, Reattachable(pending, open));
    }

    /// <summary>This work with the open tasks of its pending jobs that <paramref name="canReattach"/> allows (once an in-process sandbox has started and its URL is known).</summary>
    public RunWork WithReattach(CampaignHistory history, Func<LedgerEntry, bool> canReattach)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(canReattach);
        return this with { Reattach = Reattachable(Pending, history.Open.Where(p => canReattach(p.Value)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)) };
    }

    /// <summary>
    /// Which open tasks a run on <paramref name="provider"/> can poll before it starts anything: every one on a hosted
    /// provider (or a sandbox at a given URL); none on the in-process sandbox, whose tasks died with the process that
    /// started it.
    /// </summary>
    public static Func<LedgerEntry, bool> ReattachableBeforeStart(string provider, Uri? baseUrl) =>
        ProviderCatalog.Find(provider)?.InProcess == true && baseUrl is null ? _ => false : e => e.PollingUrl is not null;

    private static Dictionary<string, LedgerEntry> Reattachable(IReadOnlyList<Job> pending, Dictionary<string, LedgerEntry> open) =>
        pending.Where(j => open.ContainsKey(j.Id.Value)).ToDictionary(j => j.Id.Value, j => open[j.Id.Value], StringComparer.Ordinal);
}
