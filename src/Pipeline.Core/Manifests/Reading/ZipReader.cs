namespace Pipeline.Manifests.Reading;

/// <summary>
/// Reads <c>matrix.zip</c>: a list of groups like <c>[finetune_strengths, seeds]</c>. The axes (or vars) of a group
/// pair up element-wise — the first strength with the first seed, and so on — instead of multiplying, so their
/// lists must be equally long. A name may be in one group only, and a zipped axis cannot be overridden per prompt.
/// </summary>
internal static class ZipReader
{
    /// <summary>The matrix axes a group may name (vars may be named too).</summary>
    public static IReadOnlyList<string> AxisNames { get; } = ["finetune_ids", "finetune_strengths", "seeds", "aspect_ratios", "sizes"];

    /// <param name="lengths">The value count of every axis and var the matrix sets, by name.</param>
    public static List<IReadOnlyList<string>> Read(YamlNode? node, string path, IReadOnlyDictionary<string, int> lengths, IReadOnlyList<(PromptSpec Prompt, string Path)> prompts, IReadOnlyList<PromptVariable> vars, ReadContext cx)
    {
        var groups = new List<IReadOnlyList<string>>();
        var items = cx.List(node, path, "groups of axes like [[finetune_strengths, seeds]]") ?? [];
        var zipped = new Dictionary<string, string>(StringComparer.Ordinal);
        IReadOnlyList<string> allowed = [.. AxisNames, .. vars.Select(v => v.Name)];
        for (var g = 0; g < items.Count; g++)
        {
            var groupPath = ReadContext.Index(path, g);
            var names = cx.List(items[g], groupPath, "axis names like [finetune_strengths, seeds]");
            if (names is null)
            {
                continue;
            }

            var group = new List<string>();
            for (var i = 0; i < names.Count; i++)
            {
                var namePath = ReadContext.Index(groupPath, i);
                if (cx.OneOf(names[i], namePath, "axis", allowed) is not { } name)
                {
                    continue;
                }

                if (!lengths.ContainsKey(name))
                {
                    cx.Error(names[i].Start, namePath, $"matrix.{name} is not set; a zip group pairs axes the matrix lists");
                }
                else if (zipped.TryGetValue(name, out var other))
                {
                    cx.Error(names[i].Start, namePath, $"'{name}' is already zipped in {other}; an axis can be in one group only");
                }
                else
                {
                    zipped.Add(name, groupPath);
                    group.Add(name);
                }
            }

            if (names.Count < 2)
            {
                cx.Error(items[g].Start, groupPath, "a zip group pairs at least two axes, like [finetune_strengths, seeds]");
            }
            else if (group.Count == names.Count && group.Select(n => lengths[n]).Distinct().Count() > 1)
            {
                var counts = string.Join(", ", group.Select(n => $"{n} has {lengths[n]}"));
                cx.Error(items[g].Start, groupPath, $"zip pairs values element-wise, so the lists must be equally long: {counts}");
            }

            groups.Add(group);
        }

        CheckOverrides(prompts, zipped, cx);
        return groups;
    }

    private static void CheckOverrides(IReadOnlyList<(PromptSpec Prompt, string Path)> prompts, Dictionary<string, string> zipped, ReadContext cx)
    {
        foreach (var (prompt, path) in prompts)
        {
            var overridden = new (string Axis, string Key, bool Set)[]
            {
                ("finetune_ids", "finetune_id", prompt.FinetuneId is not null),
                ("finetune_strengths", "finetune_strengths", prompt.FinetuneStrengths is not null),
                ("aspect_ratios", "aspect_ratios", prompt.AspectRatios is not null),
                ("sizes", "sizes", prompt.Sizes is not null),
            };
            foreach (var (axis, key, _) in overridden.Where(o => o.Set && zipped.ContainsKey(o.Axis)))
            {
                cx.Error(ReadContext.Join(path, key), $"cannot override {axis} for one prompt: it is zipped in {zipped[axis]}; remove the override or the zip");
            }
        }
    }
}
