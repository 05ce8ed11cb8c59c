namespace Pipeline.Manifests.Reading;

/// <summary>Reads <c>matrix.exclude</c> and <c>matrix.include</c>: lists of partial axis assignments.</summary>
internal static class MatrixEntryReader
{
    private static readonly string[] Keys = ["prompt", "finetune_strength", "seed", "aspect_ratio", "size"];

    public static List<MatrixEntry> Read(YamlNode? node, string path, EntryAxes axes, ReadContext cx)
    {
        var items = cx.List(node, path, "entries like {prompt: kettle-hero, seed: 11}") ?? [];
        var entries = new List<MatrixEntry>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (Entry(items[i], ReadContext.Index(path, i), axes, cx) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    private static MatrixEntry? Entry(YamlNode item, string path, EntryAxes axes, ReadContext cx)
    {
        var fields = cx.Mapping(item, path, "an entry", Keys);
        if (fields is null)
        {
            return null;
        }

        if (fields.Node.Entries.Count == 0)
        {
            cx.Error(item.Start, path, $"the entry is empty; name at least one of: {string.Join(", ", Keys)}");
            return null;
        }

        var errorsBefore = cx.Errors.Count;
        foreach (var key in Keys.Where(k => fields.Has(k) && fields[k] is null))
        {
            cx.Error(fields.PathOf(key), $"'{key}' has no value; give a value or remove the key");
        }

        var model = axes.Model?.Name;
        string? prompt = null;
        if (fields["prompt"] is { } promptNode)
        {
            prompt = cx.OneOf(promptNode, fields.PathOf("prompt"), "prompt id", [.. axes.Prompts.Select(p => p.Id)]);
        }

        decimal? strength = null;
        if (!axes.HasStrength)
        {
            fields.Forbid("finetune_strength", $"{model} is a base model without a strength axis");
        }
        else if (fields["finetune_strength"] is { } strengthNode)
        {
            strength = AxisReader.Strength(strengthNode, fields.PathOf("finetune_strength"), cx);
        }

        var seed = fields["seed"] is { } seedNode ? AxisReader.Seed(seedNode, fields.PathOf("seed"), cx) : null;

        string? ratio = null;
        if (!axes.HasAspectRatio)
        {
            fields.Forbid("aspect_ratio", $"{model} takes sizes, not aspect ratios");
        }
        else if (fields["aspect_ratio"] is { } ratioNode)
        {
            ratio = AxisReader.AspectRatio(ratioNode, fields.PathOf("aspect_ratio"), cx);
        }

        ImageSize? size = null;
        if (!axes.HasSize)
        {
            fields.Forbid("size", $"{model} takes aspect ratios, not sizes");
        }
        else if (fields["size"] is { } sizeNode)
        {
            size = AxisReader.Size(sizeNode, fields.PathOf("size"), cx);
        }

        return cx.Errors.Count == errorsBefore ? new MatrixEntry(prompt, strength, seed, ratio, size) : null;
    }
}
