using System.CommandLine;
using System.Globalization;
using Pipeline.Execution;
using Pipeline.Manifests;
using Pipeline.Planning;
using Spectre.Console;
using Pipeline.Records;

using Pipeline.Manifests.Reading;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline plan &lt;manifest&gt; [--format table|json|csv]</c>: the axes, jobs, cost and time estimate; no calls.</summary>
internal static class PlanCommand
{
    /// <summary>Above this many jobs the plan warns: a matrix grows by multiplication, and it pays per image.</summary>
    public const int LargePlan = 1000;

    public static Command Create()
    {
        var manifest = new Argument<string>("manifest") { Description = "Path to the campaign manifest (YAML)." };
        var format = new Option<string>("--format")
        {
            Description = "table (default): axes and estimates; json or csv: every job with its id, values and price.",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var output = new Option<string?>("--output")
        {
            Description = "Folder that holds campaign folders (default: output/ of the manifest's project, as run); random seeds pinned in its campaign.lock.json are shown.",
        };
        var command = new Command("plan", "Show the jobs a manifest expands to, with cost and time estimates; calls nothing.") { manifest, format, output };
        command.SetAction((parse, _) =>
        {
            var io = parse.InvocationConfiguration;
            try
            {
                var loaded = new ManifestLoader().Load(parse.GetRequiredValue(manifest));
                var folder = CampaignFolder.For(OutputLocation.Resolve(parse.GetValue(output), parse.GetRequiredValue(manifest)), loaded.Campaign);
                var plan = LockedPlan.For(loaded, folder.LockPath, manifestSha256: string.Empty, locked: false);
                var estimate = PlanEstimate.For(plan, loaded.Limits.Concurrency, loaded.Limits.RequestsPerMinute);
                if (plan.Jobs.Count > LargePlan)
                {
                    io.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warning: this plan has {plan.Jobs.Count:N0} jobs (more than {LargePlan:N0}), estimated ${estimate.CostUsd:0.00}; check the matrix before you run it."));
                }

                switch (parse.GetValue(format))
                {
                    case "json":
                        io.Output.WriteLine(PlanExport.Json(plan, estimate));
                        break;
                    case "csv":
                        PlanExport.Csv(plan, io.Output);
                        break;
                    default:
                        Print(Terminal.For(io.Output), plan, estimate, folder);
                        break;
                }

                return Task.FromResult(ExitCodes.Ok);
            }
            catch (Exception ex) when (InputErrors.TryReport(ex, io.Error))
            {
                return Task.FromResult(ExitCodes.InvalidInput);
            }
        });
        return command;
    }

    private static void Print(IAnsiConsole console, Plan plan, PlanEstimate estimate, CampaignFolder folder)
    {
        console.WriteLine("folder: " + RunReport.Shown(folder.Root));
        var m = plan.Manifest;
        var matrix = m.Matrix;
        var axes = new Table().AddColumn("axis").AddColumn("values");
        axes.AddRow("prompts", Markup.Escape(string.Join(", ", matrix.Prompts.Select(p => p.Id))));
        foreach (var variable in matrix.Vars)
        {
            axes.AddRow(Markup.Escape($"{{{variable.Name}}}"), Markup.Escape(string.Join(", ", variable.Values)));
        }

        Row(axes, "finetune_ids", matrix.FinetuneIds);
        Row(axes, "finetune_strengths", matrix.FinetuneStrengths.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        var seeds = string.Join(", ", (matrix.RandomSeedCount is null ? matrix.Seeds : plan.RandomSeeds).Select(s => s.ToString(CultureInfo.InvariantCulture)));
        axes.AddRow("seeds", matrix.RandomSeedCount is null ? seeds : Markup.Escape(RandomNote(plan, seeds)));
        Row(axes, "aspect_ratios", matrix.AspectRatios);
        Row(axes, "sizes", matrix.Sizes.Select(s => s.ToString()));
        Row(axes, "zip", matrix.Zip.Select(g => $"[{string.Join(", ", g)}]"));
        if (m.Image is { } image)
        {
            axes.AddRow("image", Markup.Escape($"{image.Written} ({image.Size} {image.Format}){(m.Mask is { } mask ? $", mask {mask.Written}" : string.Empty)}"));
        }

        var finetune = matrix.FinetuneIds.Count > 0 ? $", {matrix.FinetuneIds.Count} finetunes" : m.FinetuneId is null ? string.Empty : ", finetune " + m.FinetuneId;
        console.MarkupLine(CultureInfo.InvariantCulture, "[bold]{0}[/] on {1} ({2}{3})", Markup.Escape(m.Campaign), m.Provider, m.Model, Markup.Escape(finetune));
        console.Write(axes);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"jobs: {estimate.Jobs}"));
        if (m.Renditions.Count > 0)
        {
            // Two columns fit an 80-column terminal; each rendition's files go to renditions/<name>/.
            var renditions = new Table().AddColumn("rendition").AddColumn("spec");
            foreach (var spec in m.Renditions)
            {
                renditions.AddRow(Markup.Escape(spec.Name), Markup.Escape(spec.Describe()));
            }

            console.Write(renditions);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rendition files: {estimate.Jobs * m.Renditions.Count} ({m.Renditions.Count} per image, in renditions/<name>/)"));
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"estimated cost: ${estimate.CostUsd:0.00}{(m.Limits.MaxCostUsd is { } cap ? $" (cap ${cap})" : string.Empty)}"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"estimated time: {Format(estimate.Duration)} at concurrency {m.Limits.Concurrency}{(m.Limits.RequestsPerMinute is { } rpm ? $", {rpm} submits/min" : string.Empty)}"));
    }

    private static string RandomNote(Plan plan, string seeds) =>
        plan.PinnedRandomSeeds == plan.RandomSeeds.Count
            ? $"{seeds} (random, pinned in campaign.lock.json)"
            : $"{seeds} (random: {plan.RandomSeeds.Count - plan.PinnedRandomSeeds} drawn now for this listing; run draws and pins its own)";

    private static void Row(Table table, string axis, IEnumerable<string> values)
    {
        var text = string.Join(", ", values);
        if (text.Length > 0)
        {
            table.AddRow(axis, Markup.Escape(text));
        }
    }

    internal static string Format(TimeSpan duration) =>
        duration.TotalMinutes >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes} min {duration.Seconds} s")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.#} s");
}
