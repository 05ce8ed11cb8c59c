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
        var mine = prepared.Plan.Jobs.Where(j => prepared.Folder.Shard.Contains(j.Id)).ToList();
        var toRender = RenderOrder.Of(mine.Where(j => !history.Verified.Contains(j.Id.Value)).ToList());
        var price = ModelCatalog.Models.TryGetValue(prepared.Plan.Manifest.Model, out var model) ? model.PriceUsd : 0m;
        var pretend = ProviderCatalog.Find(prepared.Provider)?.InProcess == true ? " (sandbox: pretend prices)" : string.Empty;
        var spent = history.SpentBefore(new Dictionary<string, Records.LedgerEntry>());
        var cap = prepared.MaxCostUsd is { } limit ? string.Create(inv, $" of the ${limit} cap") : string.Empty;
        console.WriteLine(string.Create(inv, $"dry run: {mine.Count - toRender.Count} already verified, {toRender.Count} would render for an estimated ${price * toRender.Count:0.00} at list price (${price} each){pretend}; ${spent:0.00} already spent{cap}."));
        if (history.Damaged.Count > 0)
        {
            console.WriteLine(string.Create(inv, $"{history.Damaged.Count} of them have a kept file that failed its check (missing or changed) and would be rendered again."));
        }

        foreach (var job in toRender.Take(Listed))
        {
            console.WriteLine(string.Create(inv, $"  would render: {JobCell.Of(job)} (job {job.Id})"));
        }

        if (toRender.Count > Listed)
        {
            console.WriteLine(string.Create(inv, $"  … and {toRender.Count - Listed} more (pipeline plan --format csv lists every job)."));
        }

        console.WriteLine("nothing was called or written.");
    }
}
