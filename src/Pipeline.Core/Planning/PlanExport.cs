using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using Pipeline.Providers;
using Pipeline.Domain;

namespace Pipeline.Planning;

/// <summary>
/// <c>pipeline plan --format json|csv</c>: the plan as data, every job with its id, values and list price.
/// Strengths print as written (<c>1.0</c> stays <c>1.0</c>); nothing depends on the machine or the clock.
/// </summary>
public static class PlanExport
{
    /// <summary>The CSV columns, in order.</summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
        ["id", "prompt_id", "prompt", "finetune_id", "finetune_strength", "seed", "aspect_ratio", "size", "estimated_cost_usd"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The whole plan: campaign, axes, estimate and jobs, as indented JSON.</summary>
    public static string Json(Plan plan, PlanEstimate estimate)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(estimate);
        var m = plan.Manifest;
        var price = PriceOf(plan);
        var root = new JsonObject
        {
            ["campaign"] = m.Campaign,
            ["manifest"] = Path.GetFileName(m.SourcePath),
            ["provider"] = m.Provider,
            ["model"] = m.Model,
            ["axes"] = Axes(plan),
            ["jobs_count"] = plan.Jobs.Count,
            ["estimate"] = new JsonObject
            {
                ["cost_usd"] = estimate.CostUsd,
                ["seconds"] = Math.Round(estimate.Duration.TotalSeconds, 1),
                ["concurrency"] = m.Limits.Concurrency,
                ["requests_per_minute"] = m.Limits.RequestsPerMinute,
                ["max_cost_usd"] = m.Limits.MaxCostUsd,
            },
            ["jobs"] = new JsonArray([.. plan.Jobs.Select(j => (JsonNode)Job(j, price))]),
        };
        if (m.Renditions.Count > 0)
        {
            // Only when the manifest has renditions, so plans without them read exactly as before.
            root["renditions"] = new JsonArray([.. m.Renditions.Select(r => JsonNode.Parse(r.CanonicalJson()))]);
            root["rendition_files_count"] = plan.Jobs.Count * m.Renditions.Count;
        }

        return root.ToJsonString(Indented);
    }

    /// <summary>One RFC 4180 row per job under a header of <see cref="CsvColumns"/>.</summary>
    public static void Csv(Plan plan, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var price = PriceOf(plan).ToString(CultureInfo.InvariantCulture);
        using var csv = CsvWriter.Create(output, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true);
        csv.WriteRecord([.. CsvColumns]);
        foreach (var j in plan.Jobs)
        {
            csv.WriteRecord(
            [
                j.Id.Value, j.PromptId, j.Prompt, j.FinetuneId ?? string.Empty,
                j.FinetuneStrength?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                j.Seed.ToString(CultureInfo.InvariantCulture), j.AspectRatio ?? string.Empty, j.Size?.ToString() ?? string.Empty, price,
            ]);
        }

        csv.Flush();
    }

    private static decimal PriceOf(Plan plan) =>
        ModelCatalog.Models.TryGetValue(plan.Manifest.Model, out var model) ? model.PriceUsd : 0m;

    private static JsonObject Axes(Plan plan)
    {
        var m = plan.Manifest;
        var matrix = m.Matrix;
        var axes = new JsonObject { ["prompts"] = Array(matrix.Prompts.Select(p => p.Id)) };
        if (matrix.Vars.Count > 0)
        {
            axes["vars"] = new JsonObject(matrix.Vars.Select(v => KeyValuePair.Create(v.Name, (JsonNode?)Array(v.Values))));
        }

        var finetunes = matrix.FinetuneIds.Count > 0 ? matrix.FinetuneIds : m.FinetuneId is { } one ? [one] : [];
        if (finetunes.Count > 0)
        {
            axes["finetune_ids"] = Array(finetunes);
        }

        if (matrix.FinetuneStrengths.Count > 0)
        {
            axes["finetune_strengths"] = Array(matrix.FinetuneStrengths);
        }

        axes["seeds"] = matrix.RandomSeedCount is { } count
            ? new JsonObject { ["random"] = count, ["pinned"] = plan.PinnedRandomSeeds, ["seeds"] = Array(plan.RandomSeeds) }
            : Array(matrix.Seeds);
        if (matrix.AspectRatios.Count > 0)
        {
            axes["aspect_ratios"] = Array(matrix.AspectRatios);
        }

        if (matrix.Sizes.Count > 0)
        {
            axes["sizes"] = Array(matrix.Sizes.Select(s => s.ToString()));
        }

        if (matrix.Zip.Count > 0)
        {
            axes["zip"] = new JsonArray([.. matrix.Zip.Select(g => (JsonNode)Array(g))]);
        }

        if (m.Image is { } image)
        {
            axes["image"] = new JsonObject { ["path"] = image.Written, ["size"] = image.Size.ToString(), ["sha256"] = image.Sha256 };
        }

        if (m.Mask is { } mask)
        {
            axes["mask"] = new JsonObject { ["path"] = mask.Written, ["size"] = mask.Size.ToString(), ["sha256"] = mask.Sha256 };
        }

        return axes;
    }

    private static JsonObject Job(Job j, decimal price)
    {
        var job = new JsonObject
        {
            ["id"] = j.Id.Value,
            ["prompt_id"] = j.PromptId,
            ["prompt"] = j.Prompt,
            ["finetune_id"] = j.FinetuneId,
            ["finetune_strength"] = j.FinetuneStrength,
            ["seed"] = j.Seed,
        };
        if (j.AspectRatio is not null)
        {
            job["aspect_ratio"] = j.AspectRatio;
        }

        if (j.Size is { } size)
        {
            job["size"] = size.ToString();
        }

        job["estimated_cost_usd"] = price;
        return job;
    }

    private static JsonArray Array<T>(IEnumerable<T> values) => new([.. values.Select(v => JsonValue.Create(v))]);
}
