using System.CommandLine;
using System.Globalization;
using Pipeline.Manifests;
using Pipeline.Planning;
using Spectre.Console;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline plan &lt;manifest&gt;</c>: the axes, job count, cost and time estimate; no calls.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var manifest = new Argument<string>("manifest") { Description = "Path to the campaign manifest (YAML)." };
        var command = new Command("plan", "Show the jobs a manifest expands to, with cost and time estimates; calls nothing.") { manifest };
        command.SetAction((parse, _) =>
        {
            try
            {
                var plan = Planner.Expand(new ManifestLoader().Load(parse.GetRequiredValue(manifest)));
                Print(Terminal.For(parse.InvocationConfiguration.Output), plan);
                return Task.FromResult(ExitCodes.Ok);
            }
            catch (Exception ex) when (InputErrors.TryReport(ex, parse.InvocationConfiguration.Error))
            {
                return Task.FromResult(ExitCodes.InvalidInput);
            }
        });
        return command;
    }

    private static void Print(IAnsiConsole console, Plan plan)
    {
        var m = plan.Manifest;
        var estimate = PlanEstimate.For(plan, m.Limits.Concurrency, m.Limits.RequestsPerMinute);
        var axes = new Table().AddColumn("axis").AddColumn("values");
        axes.AddRow("prompts", Markup.Escape(string.Join(", ", m.Matrix.Prompts.Select(p => p.Id))));
        if (m.Matrix.FinetuneStrengths.Count > 0)
        {
            axes.AddRow("finetune_strengths", string.Join(", ", m.Matrix.FinetuneStrengths.Select(s => s.ToString(CultureInfo.InvariantCulture))));
        }

        axes.AddRow("seeds", string.Join(", ", m.Matrix.Seeds.Select(s => s.ToString(CultureInfo.InvariantCulture))));
        if (m.Matrix.AspectRatios.Count > 0)
        {
            axes.AddRow("aspect_ratios", string.Join(", ", m.Matrix.AspectRatios));
        }

        if (m.Matrix.Sizes.Count > 0)
        {
            axes.AddRow("sizes", string.Join(", ", m.Matrix.Sizes));
        }

        console.MarkupLine(CultureInfo.InvariantCulture, "[bold]{0}[/] on {1} ({2}{3})", Markup.Escape(m.Campaign), m.Provider, m.Model, m.FinetuneId is null ? string.Empty : ", finetune " + Markup.Escape(m.FinetuneId));
        console.Write(axes);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"jobs: {estimate.Jobs}"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"estimated cost: ${estimate.CostUsd:0.00}{(m.Limits.MaxCostUsd is { } cap ? $" (cap ${cap})" : string.Empty)}"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"estimated time: {Format(estimate.Duration)} at concurrency {m.Limits.Concurrency}{(m.Limits.RequestsPerMinute is { } rpm ? $", {rpm} submits/min" : string.Empty)}"));
    }

    internal static string Format(TimeSpan duration) =>
        duration.TotalMinutes >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes} min {duration.Seconds} s")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.#} s");
}
