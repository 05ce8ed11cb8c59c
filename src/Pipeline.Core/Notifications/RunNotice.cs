using Pipeline.Domain;
using Pipeline.Execution;

namespace Pipeline.Notifications;

/// <summary>What a notification says about one run (the <c>pipeline</c> object of the payload).</summary>
/// <param name="Schedule">The schedule entry that fired it; null for <c>pipeline run</c>.</param>
/// <param name="RunId">Null when the run wrote no outcome (nothing to do, or it could not start).</param>
/// <param name="Counts">Outcomes of this run by audit status (wire names).</param>
/// <param name="ReportPath">The contact sheet, when there is one.</param>
/// <param name="Detail">Why it failed to start or was stopped.</param>
public sealed record RunNotice(
    string Campaign,
    string? Schedule,
    string? RunId,
    RunEnding Ending,
    IReadOnlyDictionary<string, int> Counts,
    int Planned,
    int AlreadyDone,
    decimal SpentUsd,
    decimal TotalSpentUsd,
    string? ReportPath,
    string? Detail = null)
{
    /// <summary>The notice of a run that returned a summary.</summary>
    public static RunNotice From(string campaign, string? schedule, RunSummary summary, string? reportPath)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var counts = Enum.GetValues<JobStatus>()
            .Select(s => (Name: s.ToWire(), Count: summary.Count(s)))
            .Where(x => x.Count > 0)
            .ToDictionary(x => x.Name, x => x.Count, StringComparer.Ordinal);
        return new RunNotice(campaign, schedule, summary.Outcomes.Count > 0 ? summary.Outcomes[0].RunId : null, RunEndings.Of(summary), counts,
            summary.Planned, summary.AlreadyDone, summary.SpentUsd, summary.TotalSpentUsd, reportPath, summary.StoppedBecause);
    }
}
