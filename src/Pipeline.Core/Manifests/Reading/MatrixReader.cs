namespace Pipeline.Manifests.Reading;

/// <summary>Reads <c>matrix:</c> and checks its axes against the model's shape.</summary>
internal static class MatrixReader
{
    public const string PathName = "matrix";

    private static readonly string[] Keys = ["prompts", "vars", "finetune_ids", "finetune_strengths", "seeds", "aspect_ratios", "sizes", "zip", "exclude", "include"];

    /// <param name="finetuneId">The top-level <c>finetune_id</c>, when written.</param>
    public static ManifestMatrix? Read(YamlNode? node, ModelAxes axes, string? finetuneId, ReadContext cx)
    {
        var fields = cx.Mapping(node, PathName, "the matrix", Keys);
        if (fields is null)
        {
            return null;
        }

        var vars = VarsReader.Read(fields["vars"], fields.PathOf("vars"), cx);
        var read = PromptReader.Read(fields.Required("prompts", "a list of prompts"), fields.PathOf("prompts"), axes, vars, cx);
        List<PromptSpec> prompts = [.. read.Select(p => p.Prompt)];
        CheckUnused(vars, prompts, fields, cx);

        var finetuneIds = FinetuneIds(fields, axes, finetuneId, cx);
        var strengths = Axis(fields, "finetune_strengths", axes, axes.StrengthRefusal, prompts.All(p => p.FinetuneStrengths is not null), "a list of strengths like [0.8, 1.0, 1.2] or {from: 0.5, to: 1.5, step: 0.25}", AxisReader.Strengths, cx);
        var seeds = Seeds(fields, cx);
        var ratios = Axis(fields, "aspect_ratios", axes, axes.AspectRatioRefusal, prompts.All(p => p.AspectRatios is not null), "a list of aspect ratios like [\"16:9\", \"1:1\"]", AxisReader.AspectRatios, cx);
        var sizes = Axis(fields, "sizes", axes, axes.SizeRefusal, prompts.All(p => p.Sizes is not null), "a list of sizes like [\"1024x768\"]", AxisReader.Sizes, cx);

        var lengths = new Dictionary<string, int>(StringComparer.Ordinal);
        AddLength(lengths, "finetune_ids", finetuneIds.Count);
        AddLength(lengths, "finetune_strengths", strengths.Count);
        AddLength(lengths, "seeds", seeds.Count);
        AddLength(lengths, "aspect_ratios", ratios.Count);
        AddLength(lengths, "sizes", sizes.Count);
        foreach (var variable in vars)
        {
            AddLength(lengths, variable.Name, variable.Values.Count);
        }

        var zip = ZipReader.Read(fields["zip"], fields.PathOf("zip"), lengths, read, vars, cx);
        List<string> finetunes = [.. new[] { finetuneId }.Concat(finetuneIds).Concat(prompts.Select(p => p.FinetuneId)).OfType<string>().Distinct(StringComparer.Ordinal)];
        var entryAxes = new EntryAxes(axes, prompts, vars, finetunes);
        var exclude = MatrixEntryReader.Read(fields["exclude"], fields.PathOf("exclude"), entryAxes, exclude: true, cx);
        var include = MatrixEntryReader.Read(fields["include"], fields.PathOf("include"), entryAxes, exclude: false, cx);
        return new ManifestMatrix(prompts, strengths, seeds.Seeds, ratios, sizes, exclude, include)
        {
            FinetuneIds = finetuneIds,
            RandomSeedCount = seeds.Random,
            Vars = vars,
            Zip = zip,
        };
    }

    private static void AddLength(Dictionary<string, int> lengths, string name, int count)
    {
        if (count > 0)
        {
            lengths[name] = count;
        }
    }

    private static void CheckUnused(List<PromptVariable> vars, List<PromptSpec> prompts, Fields fields, ReadContext cx)
    {
        foreach (var unused in vars.Where(v => !prompts.Any(p => p.Uses.Contains(v.Name, StringComparer.Ordinal))))
        {
            cx.Error(ReadContext.Join(fields.PathOf("vars"), unused.Name), $"variable '{unused.Name}' is not used by any prompt; write {{{unused.Name}}} in a prompt text or remove it");
        }
    }

    private static List<string> FinetuneIds(Fields fields, ModelAxes axes, string? finetuneId, ReadContext cx)
    {
        if (axes.FinetuneRefusal is { } refusal)
        {
            fields.Forbid("finetune_ids", refusal);
            return [];
        }

        if (fields.Optional("finetune_ids", "a list of finetune ids") is not { } node)
        {
            return [];
        }

        if (finetuneId is not null)
        {
            cx.Error(fields.PathOf("finetune_ids"), "use either finetune_id (one finetune) or matrix.finetune_ids (several, compared as an axis), not both");
            return [];
        }

        return NonEmpty(AxisReader.FinetuneIds(node, fields.PathOf("finetune_ids"), cx), fields, "finetune_ids", "a list of finetune ids like [acme-v3, acme-v4]", cx);
    }

    private static SeedAxis Seeds(Fields fields, ReadContext cx)
    {
        const string Expected = "a list of seeds like [11, 12], {count: 4, start: 1000} or {random: 4}";
        if (fields.Required("seeds", Expected) is not { } node)
        {
            return SeedAxis.None;
        }

        var errorsBefore = cx.Errors.Count;
        var seeds = AxisReader.Seeds(node, fields.PathOf("seeds"), cx);
        if (seeds.Count == 0 && cx.Errors.Count == errorsBefore)
        {
            cx.Error(fields.PathOf("seeds"), $"'seeds' is empty; expected {Expected}");
        }

        return seeds;
    }

    /// <summary>
    /// An axis the model may refuse (with the reason), needs (unless every prompt sets its own), or leaves optional.
    /// </summary>
    private static List<T> Axis<T>(Fields fields, string key, ModelAxes axes, string? refusal, bool everyPromptSetsIt, string expected, Func<YamlNode, string, ReadContext, List<T>> read, ReadContext cx)
    {
        if (refusal is not null)
        {
            fields.Forbid(key, refusal);
            return [];
        }

        if (axes.Needs(key) && !everyPromptSetsIt)
        {
            var full = $"{expected} for {axes.Model!.Name}";
            return fields.Required(key, full) is { } node ? NonEmpty(read(node, fields.PathOf(key), cx), fields, key, full, cx) : [];
        }

        return fields.Optional(key, expected) is { } given ? NonEmpty(read(given, fields.PathOf(key), cx), fields, key, expected, cx) : [];
    }

    private static List<T> NonEmpty<T>(List<T> values, Fields fields, string key, string expected, ReadContext cx)
    {
        if (values.Count == 0 && !cx.Errors.Any(e => e.Path.StartsWith(fields.PathOf(key), StringComparison.Ordinal)))
        {
            cx.Error(fields.PathOf(key), $"'{key}' is empty; expected {expected}");
        }

        return values;
    }
}
