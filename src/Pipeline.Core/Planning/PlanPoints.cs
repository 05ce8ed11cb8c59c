using Pipeline.Manifests;

namespace Pipeline.Planning;

/// <summary>
/// The points of a manifest's plan in plan order: each prompt's combinations that no <c>exclude</c> drops, then the
/// point each <c>include</c> adds when it matched none of them (semantics in <see cref="Planner.Expand"/>). The planner
/// builds its jobs from this walk and <see cref="JobSelection"/> matches <c>run --only</c> selectors against it, so
/// both see the same points with the same values.
/// </summary>
internal static class PlanPoints
{
    /// <summary>
    /// Yields each point; its slot array is refilled for the next one, so use it before moving on.
    /// </summary>
    /// <param name="errors">Receives an error for each include that adds a job but cannot (an axis missing, an unknown prompt).</param>
    public static IEnumerable<(PromptAxes Axes, Pick[] Slots)> Of(CampaignManifest manifest, IReadOnlyList<PromptAxes> prompts, List<ManifestError> errors)
    {
        var matrix = manifest.Matrix;
        var excludes = matrix.Exclude.Select(e => new EntryMatcher(e, matrix.Vars)).ToArray();
        var includes = matrix.Include.Select(e => new EntryMatcher(e, matrix.Vars)).ToArray();
        var matched = new bool[includes.Length];
        foreach (var axes in prompts)
        {
            foreach (var slots in axes.Combinations())
            {
                if (AnyMatches(excludes, axes.Prompt, slots))
                {
                    continue;
                }

                // Includes match the combinations left after exclude only: an added job is never
                // "extended" by a later include (GitHub: added combinations cannot be modified).
                for (var i = 0; i < includes.Length; i++)
                {
                    matched[i] |= !matched[i] && includes[i].Matches(axes.Prompt, slots);
                }

                yield return (axes, slots);
            }
        }

        var resolver = new IncludeResolver(manifest, prompts);
        for (var i = 0; i < includes.Length; i++)
        {
            if (!matched[i] && resolver.Resolve(includes[i].Entry, $"matrix.include[{i}]", errors) is var (axes, slots))
            {
                yield return (axes, slots);
            }
        }
    }

    /// <summary>Whether any of <paramref name="entries"/> matches the point.</summary>
    public static bool AnyMatches(EntryMatcher[] entries, PromptSpec prompt, Pick[] slots)
    {
        foreach (var entry in entries)
        {
            if (entry.Matches(prompt, slots))
            {
                return true;
            }
        }

        return false;
    }
}
