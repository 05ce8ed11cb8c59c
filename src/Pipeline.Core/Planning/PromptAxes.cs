using System.Globalization;
using Pipeline.Manifests;
using Pipeline.Manifests.Reading;

namespace Pipeline.Planning;

/// <summary>
/// The axes of one prompt, as dimensions to multiply: its vars (in <c>matrix.vars</c> order), then finetune,
/// strength, seed, and aspect ratio or size. A prompt's overrides replace the matrix's axis; a zip group is one
/// dimension of tuples, placed where its first member would be, projected onto the members this prompt has.
/// </summary>
internal sealed class PromptAxes
{
    private readonly (int Slot, Pick Pick)[][][] _dimensions;

    private PromptAxes(PromptSpec prompt, string path, Pick[]?[] lists, (int Slot, Pick Pick)[][][] dimensions)
    {
        Prompt = prompt;
        Path = path;
        Lists = lists;
        _dimensions = dimensions;
    }

    public PromptSpec Prompt { get; }

    /// <summary>The prompt's key path, <c>matrix.prompts[2]</c>.</summary>
    public string Path { get; }

    /// <summary>Each slot's values for this prompt; null for a var the prompt does not use.</summary>
    public Pick[]?[] Lists { get; }

    /// <summary>How many combinations the prompt has (before exclude and include).</summary>
    public long Count => _dimensions.Aggregate(1L, (n, d) => n * d.Length);

    public static PromptAxes For(CampaignManifest manifest, int index, IReadOnlyList<long> randomSeeds)
    {
        var matrix = manifest.Matrix;
        var prompt = matrix.Prompts[index];
        var path = $"matrix.prompts[{index}]";
        var lists = new Pick[]?[Slot.FirstVar + matrix.Vars.Count];
        lists[Slot.Finetune] = prompt.FinetuneId is { } own ? [new(own, $"{path}.finetune_id")]
            : matrix.FinetuneIds.Count > 0 ? Picks(matrix.FinetuneIds, "matrix.finetune_ids")
            : [manifest.FinetuneId is { } single ? new(single, "finetune_id") : Pick.None];
        lists[Slot.Strength] = prompt.FinetuneStrengths is { } strengths ? Picks(strengths, $"{path}.finetune_strengths")
            : matrix.FinetuneStrengths.Count > 0 ? Picks(matrix.FinetuneStrengths, "matrix.finetune_strengths") : [Pick.None];
        lists[Slot.Seed] = matrix.RandomSeedCount is null ? Picks(matrix.Seeds, "matrix.seeds") : [.. randomSeeds.Select(s => new Pick(s, "matrix.seeds"))];
        lists[Slot.Shape] = prompt.AspectRatios is { } ratios ? Picks(ratios, $"{path}.aspect_ratios")
            : prompt.Sizes is { } sizes ? Picks(sizes, $"{path}.sizes")
            : matrix.AspectRatios.Count > 0 ? Picks(matrix.AspectRatios, "matrix.aspect_ratios")
            : matrix.Sizes.Count > 0 ? Picks(matrix.Sizes, "matrix.sizes") : [Pick.None];
        for (var v = 0; v < matrix.Vars.Count; v++)
        {
            var variable = matrix.Vars[v];
            if (prompt.Uses.Contains(variable.Name, StringComparer.Ordinal))
            {
                lists[Slot.FirstVar + v] = [.. variable.Values.Select((value, i) => new Pick(value, $"matrix.vars.{variable.Name}[{i}]", PromptSlug.From(value)))];
            }
        }

        return new PromptAxes(prompt, path, lists, Dimensions(matrix, lists));
    }

    /// <summary>Every combination, nesting the first dimension outermost. The same array is filled each time.</summary>
    public IEnumerable<Pick[]> Combinations()
    {
        var slots = new Pick[Lists.Length];
        if (_dimensions.Any(d => d.Length == 0))
        {
            yield break;
        }

        var odometer = new int[_dimensions.Length];
        while (true)
        {
            for (var d = 0; d < _dimensions.Length; d++)
            {
                foreach (var (slot, pick) in _dimensions[d][odometer[d]])
                {
                    slots[slot] = pick;
                }
            }

            yield return slots;
            var turn = _dimensions.Length - 1;
            while (turn >= 0 && ++odometer[turn] == _dimensions[turn].Length)
            {
                odometer[turn--] = 0;
            }

            if (turn < 0)
            {
                yield break;
            }
        }
    }

    private static (int Slot, Pick Pick)[][][] Dimensions(ManifestMatrix matrix, Pick[]?[] lists)
    {
        var order = Enumerable.Range(Slot.FirstVar, matrix.Vars.Count).Concat([Slot.Finetune, Slot.Strength, Slot.Seed, Slot.Shape]);
        var groupOf = new Dictionary<int, IReadOnlyList<string>>();
        foreach (var group in matrix.Zip)
        {
            foreach (var name in group)
            {
                groupOf[Slot.Of(name, matrix.Vars)] = group;
            }
        }

        var dimensions = new List<(int, Pick)[][]>();
        var emitted = new HashSet<IReadOnlyList<string>>();
        foreach (var slot in order.Where(s => lists[s] is not null))
        {
            if (!groupOf.TryGetValue(slot, out var group))
            {
                dimensions.Add([.. lists[slot]!.Select(p => new[] { (slot, p) })]);
            }
            else if (emitted.Add(group))
            {
                var members = group.Select(n => Slot.Of(n, matrix.Vars)).Where(s => lists[s] is not null).ToList();
                if (members.Count == 0)
                {
                    continue;
                }

                var tuples = Enumerable.Range(0, lists[members[0]]!.Length)
                    .Select(i => members.Select(s => (s, lists[s]![i])).ToArray())
                    .DistinctBy(t => string.Join('\u001f', t.Select(x => Convert.ToString(x.Item2.Value, CultureInfo.InvariantCulture))));
                dimensions.Add([.. tuples]);
            }
        }

        return [.. dimensions];
    }

    private static Pick[] Picks<T>(IReadOnlyList<T> values, string path)
        where T : notnull =>
        [.. values.Select((v, i) => new Pick(v, $"{path}[{i}]"))];
}
