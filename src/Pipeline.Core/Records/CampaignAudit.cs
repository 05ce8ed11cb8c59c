using Pipeline.Execution;
using Pipeline.Domain;

namespace Pipeline.Records;

/// <summary>
/// The audit history of a campaign folder as one view: every log (whole campaign and shards) merged, and the latest
/// outcome of each job. Reads the folder only; never calls a provider.
/// </summary>
public sealed class CampaignAudit
{
    private CampaignAudit(IReadOnlyList<AuditLogContent> logs, IReadOnlyList<AuditRow> rows, IReadOnlyList<AuditRow> latest)
    {
        Logs = logs;
        Rows = rows;
        Latest = latest;
    }

    /// <summary>Each log file, whole campaign first.</summary>
    public IReadOnlyList<AuditLogContent> Logs { get; }

    /// <summary>Every row of every log, in run order.</summary>
    public IReadOnlyList<AuditRow> Rows { get; }

    /// <summary>The last outcome of every job, in the order jobs first appear.</summary>
    public IReadOnlyList<AuditRow> Latest { get; }

    /// <summary>Bytes of torn last rows across the logs (repaired by the next run).</summary>
    public long TornBytes => Logs.Sum(l => l.TornBytes);

    /// <summary>Reads every audit log of <paramref name="folder"/>.</summary>
    /// <exception cref="FormatException">A row has a value the contract does not allow (the message names file and line).</exception>
    public static CampaignAudit Read(CampaignFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var logs = folder.AllAuditPaths().Select(AuditReader.ReadLog).ToList();
        // Run ids start with the run's UTC start second, so that part sorts runs; a stable sort keeps each log's own order
        // within a second, since two runs a second apart differ only in a random suffix that says nothing about order.
        var rows = logs.SelectMany(l => l.Rows).OrderBy(r => StartOf(r.RunId), StringComparer.Ordinal).ToList();
        return new CampaignAudit(logs, rows, LatestPerJob(rows));
    }

    /// <summary>The providers whose rows the folder holds, the most recently used last.</summary>
    public IReadOnlyList<string> Providers => Rows.Select(r => r.Provider).Reverse().Distinct(StringComparer.Ordinal).Reverse().ToList();

    /// <summary>The same history restricted to <paramref name="provider"/>'s rows (job ids include the provider, so no job spans two).</summary>
    public CampaignAudit ForProvider(string provider)
    {
        var rows = Rows.Where(r => string.Equals(r.Provider, provider, StringComparison.Ordinal)).ToList();
        return new CampaignAudit(Logs, rows, LatestPerJob(rows));
    }

    /// <summary><c>20261121T230000Z</c> of <c>20261121T230000Z-ab12</c>: the run's start, without its random suffix.</summary>
    private static string StartOf(string runId) => runId.IndexOf('-', StringComparison.Ordinal) is > 0 and var dash ? runId[..dash] : runId;

    private static List<AuditRow> LatestPerJob(IReadOnlyList<AuditRow> rows)
    {
        var byJob = new Dictionary<string, AuditRow>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var row in rows)
        {
            if (byJob.TryAdd(row.JobId, row))
            {
                order.Add(row.JobId);
            }
            else
            {
                byJob[row.JobId] = row;
            }
        }

        return order.Select(id => byJob[id]).ToList();
    }
}
