using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Audit;

/// <summary>
/// The numbers a person asks of a campaign's audit history: jobs by their latest status, spend by model and by
/// prompt (every billed row counts, reruns included), latency from submit to completion, and attempts.
/// </summary>
/// <param name="Jobs">Distinct jobs in the logs.</param>
/// <param name="Rows">Outcome rows (one per job per run).</param>
/// <param name="Runs">Distinct run ids.</param>
/// <param name="ByStatus">Jobs by the status of their latest outcome, in vocabulary order; zero counts left out.</param>
/// <param name="Latency">Over rows with both <c>submitted_at</c> and <c>completed_at</c>; null when there are none.</param>
/// <param name="Attempts">Over all rows.</param>
public sealed record AuditSummary(
    int Jobs,
    int Rows,
    int Runs,
    IReadOnlyList<StatusCount> ByStatus,
    decimal SpentUsd,
    IReadOnlyList<SpendLine> SpendByModel,
    IReadOnlyList<SpendLine> SpendByPrompt,
    LatencyStats? Latency,
    AttemptStats Attempts)
{
    /// <summary>Jobs whose latest outcome is <c>succeeded</c>.</summary>
    public int Succeeded => ByStatus.FirstOrDefault(s => s.Status == JobStatus.Succeeded)?.Jobs ?? 0;

    /// <summary>Succeeded jobs over all jobs, 0–1; 0 for an empty log.</summary>
    public double PassRate => Jobs == 0 ? 0 : (double)Succeeded / Jobs;

    public static AuditSummary Of(CampaignAudit audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var rows = audit.Rows;
        var byStatus = Enum.GetValues<JobStatus>()
            .Select(s => new StatusCount(s, audit.Latest.Count(r => r.Status == s)))
            .Where(s => s.Jobs > 0)
            .ToList();
        var latencies = rows
            .Where(r => r.SubmittedAt is not null && r.CompletedAt is not null)
            .Select(r => r.CompletedAt!.Value - r.SubmittedAt!.Value)
            .ToList();
        var attempts = new AttemptStats(
            rows.Sum(r => r.Attempts),
            rows.Count == 0 ? 0 : rows.Max(r => r.Attempts),
            rows.Count(r => r.Attempts > 1));
        return new AuditSummary(
            audit.Latest.Count,
            rows.Count,
            rows.Select(r => r.RunId).Distinct(StringComparer.Ordinal).Count(),
            byStatus,
            rows.Sum(r => r.CostUsd),
            Spend(rows, r => r.Model),
            Spend(rows, r => r.PromptId),
            LatencyStats.Of(latencies),
            attempts);
    }

    private static List<SpendLine> Spend(IReadOnlyList<AuditRow> rows, Func<AuditRow, string> key) =>
        rows.GroupBy(key, StringComparer.Ordinal)
            .Select(g => new SpendLine(g.Key, g.Count(), g.Count(r => r.Status == JobStatus.Succeeded), g.Sum(r => r.CostUsd)))
            .OrderByDescending(s => s.Usd)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
}

/// <summary>How many jobs ended in one status.</summary>
public sealed record StatusCount(JobStatus Status, int Jobs);

/// <summary>Spend of one model or prompt: outcome rows, images kept, dollars.</summary>
public sealed record SpendLine(string Name, int Rows, int Succeeded, decimal Usd);

/// <summary>Attempts over all rows: the sum, the most one job needed, and the rows that needed more than one.</summary>
public sealed record AttemptStats(int Total, int Max, int Retried);

/// <summary>Submit-to-completion latency: nearest-rank percentiles over <paramref name="Samples"/> rows.</summary>
public sealed record LatencyStats(int Samples, TimeSpan P50, TimeSpan P95, TimeSpan Max)
{
    public static LatencyStats? Of(IReadOnlyList<TimeSpan> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            return null;
        }

        var sorted = samples.Order().ToList();
        return new LatencyStats(sorted.Count, Rank(sorted, 0.50), Rank(sorted, 0.95), sorted[^1]);
    }

    /// <summary>The nearest-rank percentile: the smallest sample with at least <paramref name="p"/> of them at or below it.</summary>
    private static TimeSpan Rank(List<TimeSpan> sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
