using System.Globalization;
using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Providers.Catalog;
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
        PrintSelection(console, prepared, summary.Planned);
        var jobs = prepared.Selection is null ? "jobs" : "selected jobs";
        if (summary.AlreadyDone > 0)
        {
            console.WriteLine(string.Create(inv, $"{summary.AlreadyDone} of {summary.Planned} {jobs} already verified in {Shown(folder.Root)} (each kept file checked against its SHA-256): not rendered again."));
        }

        if (summary.Replaced > 0)
        {
            console.WriteLine(string.Create(inv, $"{summary.Replaced} verified jobs rendered again (forced): each new render that verified took its job's place, the earlier one kept in {Shown(folder.SupersededDir)}; one that did not left the earlier render the job's image."));
        }

        if (summary.Damaged.Count > 0)
        {
            console.WriteLine(string.Create(inv, $"{summary.Damaged.Count} kept files failed their check (missing or changed): moved to {Shown(folder.QuarantineDir)}, recorded as verification_failed and rendered again:"));
            foreach (var damaged in summary.Damaged.Take(10))
            {
                console.WriteLine($"  {damaged.Row.File}: {damaged.Problem}");
            }
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

        if (summary.Count(JobStatus.SkippedBudget) is > 0 and var skipped)
        {
            console.WriteLine(string.Create(inv, $"{skipped} jobs skipped_budget: the cap ${prepared.MaxCostUsd} was taken (${summary.TotalSpentUsd} billed, ${summary.HeldUsd} held for tasks of unknown bill); raise --max-cost or limits.max_cost_usd and run again to render them."));
        }

        console.WriteLine(SpendLine(prepared, summary));
        console.WriteLine("images:    " + Shown(folder.ImagesDir));
        console.WriteLine("audit log: " + Shown(folder.AuditPath));
        if (summary.Renditions.Total > 0)
        {
            var r = summary.Renditions;
            var tail = summary.RenditionTail >= TimeSpan.FromSeconds(1) ? string.Create(inv, $"; the last {summary.RenditionTail.TotalSeconds:0} s after the last job") : string.Empty;
            console.WriteLine(string.Create(inv, $"renditions: {r.Derived} derived, {r.Current} already current, {r.Failed} failed ({Shown(folder.RenditionsLogPath)}){tail}"));
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

    /// <summary><c>--only prompt=p0: 3 of 6 planned jobs selected; the other 3 are left as they are.</c></summary>
    public static void PrintSelection(IAnsiConsole console, PreparedRun prepared, int considered)
    {
        if (prepared.Selection is { } selection)
        {
            var inv = CultureInfo.InvariantCulture;
            var selectors = string.Join(" ", selection.Selectors.Select(s => "--only " + s));
            var shard = prepared.Folder.Shard.IsWhole ? string.Empty : string.Create(inv, $", {considered} of them in shard {prepared.Folder.Shard}");
            var planned = prepared.Plan.Jobs.Count;
            console.WriteLine(string.Create(inv, $"{selectors}: {selection.JobIds.Count} of {planned} planned jobs selected{shard}; the other {planned - selection.JobIds.Count} are left as they are."));
        }
    }

    /// <summary>
    /// Billed money only, per run and in total; a price held for a task whose bill is unknown (in flight, or cut off
    /// mid-submit) is named as such, never as spent. Sandbox prices are pretend and say so.
    /// </summary>
    private static string SpendLine(PreparedRun prepared, RunSummary summary)
    {
        var inv = CultureInfo.InvariantCulture;
        var pretend = ProviderCatalog.Find(prepared.Provider)?.InProcess == true ? " (sandbox: pretend prices, never counted against a real provider's budget)" : string.Empty;
        var cap = prepared.MaxCostUsd is { } limit ? string.Create(inv, $", cap ${limit}") : string.Empty;
        var held = summary.HeldUsd > 0 ? string.Create(inv, $"; ${summary.HeldUsd} held for tasks whose bill is not known yet (a rerun settles them)") : string.Empty;
        return string.Create(inv, $"spent: ${summary.SpentUsd} billed this run, ${summary.TotalSpentUsd} in total{cap}{held}{pretend}");
    }

    /// <summary>A path relative to the working directory when it is below it, else absolute.</summary>
    public static string Shown(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
