using Pipeline.Notifications;

namespace Pipeline.Scheduling;

/// <summary>What a webhook is told when a firing ends (docs/architecture.md#42-notifications); a skipped firing says nothing.</summary>
public static class ScheduledNotice
{
    /// <returns>Null for a skipped firing.</returns>
    public static RunNotice? For(ScheduledRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Outcome == ScheduledRunOutcome.Skipped)
        {
            return null;
        }

        var campaign = run.Folder is { } f ? Path.GetFileName(f.Root) : Path.GetFileNameWithoutExtension(run.Entry.ManifestPath);
        var report = run.Folder is { } folder && File.Exists(Path.Combine(folder.ReportDir, "index.html")) ? Path.Combine(folder.ReportDir, "index.html") : null;
        if (run.Summary is { } summary)
        {
            return RunNotice.From(campaign, run.Entry.Name, summary, report);
        }

        var ending = run.Outcome == ScheduledRunOutcome.Interrupted ? RunEnding.Interrupted : RunEnding.Failed;
        return new RunNotice(campaign, run.Entry.Name, null, ending, new Dictionary<string, int>(), 0, 0, 0m, 0m, report, run.Detail);
    }
}
