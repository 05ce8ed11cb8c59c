using Pipeline.Providers.Catalog;
using Pipeline.Records;

namespace Pipeline.Execution;

/// <summary>
/// Which ledger entries count against a run's budget (docs/architecture.md#36-pretend-spend-stays-apart): the
/// sandbox's prices are pretend, so a sandbox run counts only sandbox spend and a run on a real provider only real
/// spend. A job's provider comes from its audit rows or its <c>reserved</c> entry; a job of unknown provider (a ledger
/// written before providers were recorded) counts as real, the safe side for a real budget.
/// </summary>
internal sealed class SpendScope
{
    private readonly bool _pretend;
    private readonly Dictionary<string, bool> _pretendByJob = new(StringComparer.Ordinal);

    private SpendScope(bool pretend) => _pretend = pretend;

    /// <summary>The scope of a run on <paramref name="provider"/>, given the folder's audit rows and ledger entries.</summary>
    public static SpendScope For(string provider, IEnumerable<AuditRow> rows, IEnumerable<LedgerEntry> entries)
    {
        var scope = new SpendScope(IsPretend(provider));
        foreach (var row in rows)
        {
            scope._pretendByJob[row.JobId] = IsPretend(row.Provider);
        }

        foreach (var entry in entries)
        {
            if (entry.Provider is { } p)
            {
                scope._pretendByJob[entry.JobId] = IsPretend(p);
            }
        }

        return scope;
    }

    /// <summary>The sandbox (and any in-process provider) bills nothing real.</summary>
    public static bool IsPretend(string provider) => ProviderCatalog.Find(provider)?.InProcess == true;

    public bool Counts(LedgerEntry entry) =>
        _pretendByJob.TryGetValue(entry.JobId, out var pretend) ? pretend == _pretend : !_pretend;
}
