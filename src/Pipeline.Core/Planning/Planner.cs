using System.Collections.Immutable;
using Pipeline.Manifests;
using Pipeline.Providers;

namespace Pipeline.Planning;

/// <summary>Expands a validated manifest into its plan of jobs.</summary>
public static class Planner
{
    /// <summary>
    /// The cartesian product prompts × strengths × seeds × (aspect ratios | sizes), in that nesting
    /// order; then <c>exclude</c>, then <c>include</c>, with GitHub Actions matrix semantics
    /// (https://docs.github.com/actions/writing-workflows/choosing-what-your-workflow-does/running-variations-of-jobs-in-a-workflow).
    /// An exclude entry drops every combination that matches all of its keys. An include entry
    /// that matches a remaining combination on all its keys changes nothing (every key is an
    /// axis, so nothing can be added to it); otherwise it adds a new job, which must then name
    /// every axis. Jobs with the same <see cref="JobId"/> are kept once, first wins.
    /// </summary>
    /// <exception cref="ManifestException">An include entry adds a job but leaves axes unset, or names an unknown prompt.</exception>
    public static Plan Expand(CampaignManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var matrix = manifest.Matrix;
        var points = Product(matrix).Where(p => !matrix.Exclude.Any(e => p.Matches(e))).ToList();

        var errors = new List<ManifestError>();
        var axes = Axes(manifest);
        var original = points.Count;
        for (var i = 0; i < matrix.Include.Count; i++)
        {
            // Matched against the combinations left after exclude only: an added job is never
            // "extended" by a later include (GitHub: added combinations cannot be modified).
            var entry = matrix.Include[i];
            if (points.Take(original).Any(p => p.Matches(entry)))
            {
                continue;
            }

            if (Added(entry, axes, matrix.Prompts, $"matrix.include[{i}]", manifest.Sources, errors) is { } added)
            {
                points.Add(added);
            }
        }

        if (errors.Count > 0)
        {
            throw new ManifestException(errors);
        }

        var outputFormat = manifest.Params.TryGetValue("output_format", out var format) ? (string)format : "jpeg";
        var parameters = manifest.Params.Where(p => p.Key != "output_format").ToImmutableSortedDictionary(StringComparer.Ordinal);
        var jobs = points
            .Select(p => Job(manifest, p, outputFormat, parameters))
            .DistinctBy(j => j.Id)
            .ToList();
        return new Plan(manifest, jobs);
    }

    private static IEnumerable<MatrixPoint> Product(ManifestMatrix matrix)
    {
        IReadOnlyList<decimal?> strengths = matrix.FinetuneStrengths.Count > 0 ? [.. matrix.FinetuneStrengths.Select(s => (decimal?)s)] : [null];
        IReadOnlyList<(string? Ratio, ImageSize? Size)> shapes =
            matrix.AspectRatios.Count > 0 ? [.. matrix.AspectRatios.Select(r => ((string?)r, (ImageSize?)null))]
            : matrix.Sizes.Count > 0 ? [.. matrix.Sizes.Select(s => ((string?)null, (ImageSize?)s))]
            : [(null, null)];

        return
            from prompt in matrix.Prompts
            from strength in strengths
            from seed in matrix.Seeds
            from shape in shapes
            select new MatrixPoint(prompt, strength, seed, shape.Ratio, shape.Size);
    }

    /// <summary>The axes a new include job must name: prompt and seed always, the rest per model.</summary>
    private static (bool Strength, bool Ratio, bool Size) Axes(CampaignManifest manifest)
    {
        var model = ModelCatalog.Models.GetValueOrDefault(manifest.Model);
        var matrix = manifest.Matrix;
        return (
            matrix.FinetuneStrengths.Count > 0 || model is { Finetuned: true },
            matrix.AspectRatios.Count > 0 || model is { Shape: ModelShape.Ultra },
            matrix.Sizes.Count > 0 || model is { Shape: ModelShape.Sized });
    }

    private static MatrixPoint? Added(MatrixEntry entry, (bool Strength, bool Ratio, bool Size) axes, IReadOnlyList<PromptSpec> prompts, string path, SourceMap sources, List<ManifestError> errors)
    {
        var missing = new List<string>();
        AddIf(missing, entry.Prompt is null, "prompt");
        AddIf(missing, axes.Strength && entry.FinetuneStrength is null, "finetune_strength");
        AddIf(missing, entry.Seed is null, "seed");
        AddIf(missing, axes.Ratio && entry.AspectRatio is null, "aspect_ratio");
        AddIf(missing, axes.Size && entry.Size is null, "size");
        if (missing.Count > 0)
        {
            errors.Add(sources.Error(path, $"this include matches no combination, so it adds a new job, which needs every axis; missing: {string.Join(", ", missing)}"));
            return null;
        }

        var prompt = prompts.FirstOrDefault(p => p.Id == entry.Prompt);
        if (prompt is null)
        {
            errors.Add(sources.Error($"{path}.prompt", $"unknown prompt id '{entry.Prompt}'; allowed: {string.Join(", ", prompts.Select(p => p.Id))}"));
            return null;
        }

        return new MatrixPoint(prompt, entry.FinetuneStrength, entry.Seed!.Value, entry.AspectRatio, entry.Size);
    }

    private static void AddIf(List<string> list, bool condition, string value)
    {
        if (condition)
        {
            list.Add(value);
        }
    }

    private static Job Job(CampaignManifest manifest, MatrixPoint p, string outputFormat, ImmutableSortedDictionary<string, object> parameters)
    {
        var id = JobIdentity.Compute(manifest.Provider, manifest.Model, manifest.FinetuneId, p.Prompt.Text, p.Strength, p.Seed, p.AspectRatio, p.Size, outputFormat, parameters);
        return new Job(id, manifest.Campaign, p.Prompt.Id, p.Prompt.Text, manifest.Provider, manifest.Model, manifest.FinetuneId, p.Strength, p.Seed, p.AspectRatio, p.Size, outputFormat, parameters);
    }
}
