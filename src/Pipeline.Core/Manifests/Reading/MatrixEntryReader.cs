namespace Pipeline.Manifests.Reading;

/// <summary>What an include/exclude entry may name: the prompt ids, the finetunes, the model's axes and the vars.</summary>
internal sealed record EntryAxes(ModelAxes Model, IReadOnlyList<PromptSpec> Prompts, IReadOnlyList<PromptVariable> Vars, IReadOnlyList<string> FinetuneIds);

/// <summary>
/// Reads <c>matrix.exclude</c> and <c>matrix.include</c>: lists of partial assignments of axis values, where a
/// var is named like an axis (<c>{prompt: kettle-hero, color: red}</c>). An exclude entry can only match values
/// the matrix has, so its prompt ids, finetune ids and var values are checked against them; an include may add new ones.
/// </summary>
internal static class MatrixEntryReader
{
    private static readonly string[] AxisKeys = ["prompt", "finetune_id", "finetune_strength", "seed", "aspect_ratio", "size"];

    public static List<MatrixEntry> Read(YamlNode? node, string path, EntryAxes axes, bool exclude, ReadContext cx)
    {
        var items = cx.List(node, path, "entries like {prompt: kettle-hero, seed: 11}") ?? [];
        var entries = new List<MatrixEntry>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (Entry(items[i], ReadContext.Index(path, i), axes, exclude, cx) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <summary>One entry (<c>{prompt: kettle-hero, seed: 11}</c>); null, with errors in <paramref name="cx"/>, when it is not valid.</summary>
    public static MatrixEntry? Entry(YamlNode item, string path, EntryAxes axes, bool exclude, ReadContext cx)
    {
        IReadOnlyList<string> keys = [.. AxisKeys, .. axes.Vars.Select(v => v.Name)];
        var fields = cx.Mapping(item, path, "an entry", keys);
        if (fields is null)
        {
            return null;
        }

        if (fields.Node.Entries.Count == 0)
        {
            cx.Error(item.Start, path, $"the entry is empty; name at least one of: {string.Join(", ", keys)}");
            return null;
        }

        var errorsBefore = cx.Errors.Count;
        foreach (var key in keys.Where(k => fields.Has(k) && fields[k] is null))
        {
            cx.Error(fields.PathOf(key), $"'{key}' has no value; give a value or remove the key");
        }

        var model = axes.Model;
        var prompt = fields["prompt"] is { } promptNode ? Known(promptNode, fields.PathOf("prompt"), "prompt id", [.. axes.Prompts.Select(p => p.Id)], cx) : null;
        string? finetune = null;
        if (model.FinetuneRefusal is { } noFinetune)
        {
            fields.Forbid("finetune_id", noFinetune);
        }
        else if (fields["finetune_id"] is { } finetuneNode)
        {
            finetune = exclude
                ? Known(finetuneNode, fields.PathOf("finetune_id"), "finetune id", axes.FinetuneIds, cx)
                : AxisReader.FinetuneId(finetuneNode, fields.PathOf("finetune_id"), cx);
        }

        var strength = Value(fields, "finetune_strength", model.StrengthRefusal, (n, p) => AxisReader.Strength(n, p, cx));
        var seed = fields["seed"] is { } seedNode ? AxisReader.Seed(seedNode, fields.PathOf("seed"), cx) : null;
        string? ratio = null;
        if (model.AspectRatioRefusal is { } noRatio)
        {
            fields.Forbid("aspect_ratio", noRatio);
        }
        else if (fields["aspect_ratio"] is { } ratioNode)
        {
            ratio = AxisReader.AspectRatio(ratioNode, fields.PathOf("aspect_ratio"), cx);
        }

        var size = Value(fields, "size", model.SizeRefusal, (n, p) => AxisReader.Size(n, p, cx));

        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in axes.Vars.Where(v => fields[v.Name] is not null))
        {
            var varPath = fields.PathOf(variable.Name);
            var value = exclude
                ? cx.OneOf(fields[variable.Name], varPath, $"value of {{{variable.Name}}}", variable.Values)
                : cx.Text(fields[variable.Name], varPath, "a value (text or a number)");
            if (value is not null)
            {
                vars.Add(variable.Name, value);
            }
        }

        return cx.Errors.Count == errorsBefore
            ? new MatrixEntry(prompt, strength, seed, ratio, size) { FinetuneId = finetune, Vars = vars }
            : null;
    }

    private static T? Value<T>(Fields fields, string key, string? refusal, Func<YamlNode, string, T?> read)
        where T : struct
    {
        if (refusal is not null)
        {
            fields.Forbid(key, refusal);
            return null;
        }

        return fields[key] is { } node ? read(node, fields.PathOf(key)) : null;
    }

    /// <summary>Text that must be one of <paramref name="known"/> (with a "did you mean" on a miss).</summary>
    private static string? Known(YamlNode? node, string path, string what, IReadOnlyList<string> known, ReadContext cx) =>
        cx.String(node, path, what) is not null ? cx.OneOf(node, path, what, known) : null;
}
