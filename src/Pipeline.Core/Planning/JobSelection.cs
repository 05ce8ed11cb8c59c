using System.Globalization;
using Pipeline.Domain;
using Pipeline.Manifests;
using Pipeline.Manifests.Reading;

namespace Pipeline.Planning;

/// <summary>
/// The jobs of a plan that <c>run --only</c> selectors pick: a job is selected when any selector matches it, as a
/// <c>matrix.exclude</c> entry with the same keys would (docs/architecture.md#46-re-rendering-chosen-jobs-only-and-force).
/// </summary>
/// <param name="Selectors">The selectors as given.</param>
/// <param name="JobIds">The ids of the selected jobs.</param>
public sealed record JobSelection(IReadOnlyList<string> Selectors, IReadOnlySet<string> JobIds)
{
    /// <summary>How many values of an axis an error lists before "…".</summary>
    private const int ListedValues = 12;

    public bool Contains(JobId id) => JobIds.Contains(id.Value);

    /// <summary>The jobs of <paramref name="plan"/> that <paramref name="selectors"/> pick.</summary>
    /// <exception cref="JobSelectionException">
    /// A selector is malformed or names a key or value the plan does not have (every problem, with its column), or
    /// matches no job (the message lists the axes' values).
    /// </exception>
    public static JobSelection Of(Plan plan, IReadOnlyList<string> selectors)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(selectors);
        var manifest = plan.Manifest;
        var problems = new List<string>();
        var matchers = new EntryMatcher[selectors.Count];
        for (var i = 0; i < selectors.Count; i++)
        {
            var errors = new List<ManifestError>();
            if (SelectorReader.Read(selectors[i], manifest, errors) is { } entry)
            {
                matchers[i] = new EntryMatcher(entry, manifest.Matrix.Vars);
            }

            problems.AddRange(errors.Select(e => string.Create(CultureInfo.InvariantCulture, $"--only '{selectors[i]}', column {e.Column}: {(e.Path.Length == 0 ? string.Empty : e.Path + ": ")}{e.Message}")));
        }

        if (problems.Count > 0)
        {
            throw new JobSelectionException(string.Join(Environment.NewLine, problems));
        }

        var (ids, hits) = Match(plan, matchers);
        if (Array.IndexOf(hits, 0) is >= 0 and var unmatched)
        {
            throw new JobSelectionException($"--only '{selectors[unmatched]}' matches no job of the plan; its values are {Values(plan)}.");
        }

        return new JobSelection(selectors, ids);
    }

    /// <summary>Walks the plan's points as the planner did and records the jobs each matcher picks.</summary>
    private static (HashSet<string> Ids, int[] Hits) Match(Plan plan, EntryMatcher[] matchers)
    {
        var manifest = plan.Manifest;
        var prompts = Enumerable.Range(0, manifest.Matrix.Prompts.Count).Select(i => PromptAxes.For(manifest, i, plan.RandomSeeds)).ToList();
        var planned = plan.Jobs.Select(j => j.Id.Value).ToHashSet(StringComparer.Ordinal);
        var factory = new JobFactory(manifest);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var hits = new int[matchers.Length];
        foreach (var (axes, slots) in PlanPoints.Of(manifest, prompts, errors: []))
        {
            var picked = false;
            for (var i = 0; i < matchers.Length; i++)
            {
                if (matchers[i].Matches(axes.Prompt, slots))
                {
                    hits[i]++;
                    picked = true;
                }
            }

            if (picked && factory.Create(axes, slots).Id.Value is var id && planned.Contains(id))
            {
                ids.Add(id);
            }
        }

        return (ids, hits);
    }

    /// <summary>The values a selector can name, axis by axis: <c>prompt p0, p1; finetune_strength 1.0; seed 1, 2; aspect_ratio 1:1</c>.</summary>
    private static string Values(Plan plan)
    {
        var matrix = plan.Manifest.Matrix;
        var jobs = plan.Jobs;
        var axes = new List<(string Key, IEnumerable<string> Values)>
        {
            ("prompt", matrix.Prompts.Select(p => p.Id)),
            ("finetune_id", jobs.Select(j => j.FinetuneId).OfType<string>()),
            ("finetune_strength", jobs.Select(j => j.FinetuneStrength).OfType<decimal>().Select(s => s.ToString(CultureInfo.InvariantCulture))),
            ("seed", jobs.Select(j => j.Seed.ToString(CultureInfo.InvariantCulture))),
            ("aspect_ratio", jobs.Select(j => j.AspectRatio).OfType<string>()),
            ("size", jobs.Select(j => j.Size?.ToString()).OfType<string>()),
        };
        axes.AddRange(matrix.Vars.Select(v => (v.Name, (IEnumerable<string>)v.Values)));
        return string.Join("; ", axes
            .Select(a => (a.Key, Values: a.Values.Distinct(StringComparer.Ordinal).ToList()))
            .Where(a => a.Values.Count > 0 && (a.Key != "finetune_id" || a.Values.Count > 1))
            .Select(a => $"{a.Key} {string.Join(", ", a.Values.Take(ListedValues))}{(a.Values.Count > ListedValues ? ", …" : string.Empty)}"));
    }
}
