using System.Globalization;
using Pipeline.Domain;
using Pipeline.Execution;
using Pipeline.Providers.Catalog;
using Spectre.Console;

namespace Pipeline.Cli.Commands;

/// <summary><c>run --dry-run</c>: what a real run would render (in the order it would start them) and what it would cost; reads the folder, writes nothing.</summary>
internal static class DryRun
{
    private const int Listed = 20;

    public static void Print(IAnsiConsole console, PreparedRun prepared, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var history = CampaignHistory.Load(prepared.Folder, prepared.Provider, cancellationToken);
        var work = RunWork.Of(prepared, history, RunWork.ReattachableBeforeStart(prepared.Provider, prepared.BaseUrl));
        var toRender = work.Pending;
        var price = ModelCatalog.Models.TryGetValue(prepared.Plan.Manifest.Model, out var model) ? model.PriceUsd : 0m;
        var pretend = ProviderCatalog.Find(prepared.Provider)?.InProcess == true ? " (sandbox: pretend prices)" : string.Empty;
        var spent = history.SpentBefore(new Dictionary<string, Records.LedgerEntry>());
        var cap = prepared.MaxCostUsd is { } limit ? string.Create(inv, $" of the ${limit} cap") : string.Empty;
        RunReport.PrintSelection(console, prepared, work.Considered.Count);
        var again = work.Replacing.Count > 0 ? string.Create(inv, $" ({work.Replacing.Count} of them verified jobs rendered again)") : string.Empty;
        console.WriteLine(string.Create(inv, $"dry run: {work.AlreadyDone} already verified, {toRender.Count} would render{again} for an estimated ${price * toRender.Count:0.00} at list price (${price} each){pretend}; ${spent:0.00} already spent{cap}."));
        var considered = work.Considered.Select(j => j.Id.Value).ToHashSet(StringComparer.Ordinal);
        if (history.Damaged.Count(d => considered.Contains(d.Row.JobId)) is > 0 and var damaged)
        {
            console.WriteLine(string.Create(inv, $"{damaged} of them have a kept file that failed its check (missing or changed) and would be rendered again."));
        }

        foreach (var job in toRender.Take(Listed))
        {
            var note = work.Reattach.ContainsKey(job.Id.Value) ? ", re-attached: already paid"
                : work.Replacing.ContainsKey(job.Id.Value) ? ", forced: its verified render would move to superseded/" : string.Empty;
            console.WriteLine(string.Create(inv, $"  would render: {JobCell.Of(job)} (job {job.Id}{note})"));
        }

        if (toRender.Count > Listed)
        {
            console.WriteLine(string.Create(inv, $"  … and {toRender.Count - Listed} more (pipeline plan --format csv lists every job)."));
        }

        console.WriteLine("nothing was called or written.");
    }
}
