using Pipeline.Domain;

namespace Pipeline.Manifests.Reading;

/// <summary>
/// Reads a <c>run --only</c> selector, <c>prompt=kettle-hero,seed=11</c>, as a <c>matrix.exclude</c> entry: each
/// <c>key=value</c> becomes a key and a plain scalar of a one-line mapping that <see cref="MatrixEntryReader"/> reads
/// exactly as it reads the manifest's entries, so a selector takes the same keys (vars named like axes), the same
/// value types and "did you mean", and only prompt ids, finetunes and var values the plan has
/// (docs/architecture.md#46-re-rendering-chosen-jobs-only-and-force). <c>strength</c> and <c>ratio</c> stand for
/// <c>finetune_strength</c> and <c>aspect_ratio</c>, as failure lines and the dry run print a job's cell; a value may
/// be quoted (<c>color="dark red"</c>) and holds no comma.
/// </summary>
internal static class SelectorReader
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["strength"] = "finetune_strength",
        ["ratio"] = "aspect_ratio",
    };

    /// <summary>The entry <paramref name="selector"/> names; null, with every problem in <paramref name="errors"/> (columns in the selector), when it is not valid.</summary>
    public static MatrixEntry? Read(string selector, CampaignManifest manifest, List<ManifestError> errors)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(manifest);
        var cx = new ReadContext("--only");
        var entries = new List<YamlEntry>();
        var start = 0;
        foreach (var part in selector.Split(','))
        {
            if (Pair(part, start, cx) is { } pair)
            {
                entries.Add(pair);
            }

            start += part.Length + 1;
        }

        var entry = cx.Errors.Count == 0 ? MatrixEntryReader.Entry(new YamlMapping(entries, Block: false, new SourcePosition(1, 1)), string.Empty, AxesOf(manifest), exclude: true, cx) : null;
        errors.AddRange(cx.SortedErrors());
        return entry;
    }

    /// <summary>
    /// What an entry may name in <paramref name="manifest"/>'s plan: its prompts and axes, and the finetunes and var
    /// values of the matrix and of the jobs its includes add.
    /// </summary>
    private static EntryAxes AxesOf(CampaignManifest manifest)
    {
        var matrix = manifest.Matrix;
        List<string> finetunes =
        [
            .. new[] { manifest.FinetuneId }.Concat(matrix.FinetuneIds).Concat(matrix.Prompts.Select(p => p.FinetuneId)).Concat(matrix.Include.Select(e => e.FinetuneId))
                .OfType<string>().Distinct(StringComparer.Ordinal),
        ];
        List<PromptVariable> vars =
        [
            .. matrix.Vars.Select(v => v with { Values = [.. v.Values.Concat(matrix.Include.Select(e => e.Vars.GetValueOrDefault(v.Name)).OfType<string>()).Distinct(StringComparer.Ordinal)] }),
        ];
        return new EntryAxes(new ModelAxes(ModelCatalog.Models.GetValueOrDefault(manifest.Model)), matrix.Prompts, vars, finetunes);
    }

    /// <summary>One <c>key=value</c> starting at <paramref name="offset"/> (0-based) of the selector.</summary>
    private static YamlEntry? Pair(string part, int offset, ReadContext cx)
    {
        var equals = part.IndexOf('=', StringComparison.Ordinal);
        var keyStart = offset + Leading(part) + 1;
        if (equals < 0)
        {
            var found = part.Trim();
            cx.Error(new SourcePosition(1, keyStart), string.Empty, found.Length == 0
                ? "an empty part; write key=value pairs separated by commas, like prompt=kettle-hero,seed=11"
                : $"expected key=value, found '{found}'; write key=value pairs separated by commas, like prompt=kettle-hero,seed=11");
            return null;
        }

        var key = part[..equals].Trim();
        var text = part[(equals + 1)..];
        var value = text.Trim();
        var valueStart = new SourcePosition(1, offset + equals + 1 + Leading(text) + 1);
        var quoted = value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0];
        var scalar = quoted ? new YamlScalar(value[1..^1], Plain: false, valueStart) : new YamlScalar(value, Plain: true, valueStart);
        return new YamlEntry(new YamlScalar(Aliases.GetValueOrDefault(key, key), Plain: true, new SourcePosition(1, keyStart)), scalar);
    }

    private static int Leading(string text) => text.Length - text.TrimStart().Length;
}
