using System.Globalization;
using Pipeline.Audit;
using Pipeline.Execution;
using Spectre.Console;
using Pipeline.Domain;

namespace Pipeline.Cli.Commands;

/// <summary>The closing summary of a run: counts, spend, and where everything is.</summary>
internal static class RunReport
{
    public static void Print(IAnsiConsole console, PreparedRun prepared, RunSummary summary, string? reportPath)
    {
        var folder = prepared.Folder;
        var inv = CultureInfo.InvariantCulture;
        if (summary.AlreadyDone > 0)
        {
            console.WriteLine(string.Create(inv, $"{summary.AlreadyDone} of {summary.Planned} jobs already verified in {Shown(folder.Root)}: not rendered again."));
        }

        if (summary.Outcomes.Count > 0)
        {
            var counts = Enum.GetValues<JobStatus>()
                .Select(s => (Status: s, Count: summary.Count(s)))
                .Where(x => x.Count > 0)
                .Select(x => string.Create(inv, $"{x.Count} {x.Status.ToWire()}"));
            console.WriteLine("this run: " + string.Join(", ", counts));
        }

        if (summary.NotStarted > 0)
        {
            console.WriteLine(string.Create(inv, $"{summary.NotStarted} jobs not started; run again to continue."));
        }

        if (summary.StoppedBecause is { } reason)
        {
            console.WriteLine("stopped submitting: " + reason);
        }

        var cap = prepared.MaxCostUsd is { } limit ? string.Create(inv, $", cap ${limit}") : string.Empty;
        console.WriteLine(string.Create(inv, $"spent: ${summary.SpentUsd} this run, ${summary.TotalSpentUsd} in total{cap}"));
        console.WriteLine("images:    " + Shown(folder.ImagesDir));
        console.WriteLine("audit log: " + Shown(folder.AuditPath));
        if (summary.Renditions.Total > 0)
        {
            var r = summary.Renditions;
            console.WriteLine(string.Create(inv, $"renditions: {r.Derived} derived, {r.Current} already current, {r.Failed} failed ({Shown(folder.RenditionsLogPath)})"));
        }

        if (reportPath is not null)
        {
            console.WriteLine("report:    " + Shown(reportPath));
        }

        if (summary.Outcomes.Any(o => o.Status is not JobStatus.Succeeded and not JobStatus.SkippedBudget and not JobStatus.Cancelled
            && o.File is not null))
        {
            console.WriteLine("quarantine: " + Shown(folder.QuarantineDir));
        }
    }

    /// <summary>A path relative to the working directory when it is below it, else absolute.</summary>
    public static string Shown(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
