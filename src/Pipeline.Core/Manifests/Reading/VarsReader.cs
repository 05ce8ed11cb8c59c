namespace Pipeline.Manifests.Reading;

/// <summary>
/// Reads <c>matrix.vars</c>: <c>{name: [value, …]}</c>. Each var is an axis for the prompts whose text uses
/// <c>{name}</c>; its values become part of the job's prompt id, so each must slug to a distinct id part.
/// </summary>
internal static class VarsReader
{
    /// <summary>Names an include/exclude entry or the matrix already uses for something else.</summary>
    public static IReadOnlyList<string> ReservedNames { get; } = ["prompt", "prompts", "id", "text", "finetune_id", "finetune_ids", "finetune_strength", "finetune_strengths", "seed", "seeds", "aspect_ratio", "aspect_ratios", "size", "sizes", "zip", "include", "exclude", "vars"];

    public static List<PromptVariable> Read(YamlNode? node, string path, ReadContext cx)
    {
        var vars = new List<PromptVariable>();
        if (node is null)
        {
            return vars;
        }

        if (node is not YamlMapping mapping)
        {
            cx.Error(node.Start, path, $"expected a mapping of variables like {{color: [red, blue]}}, found {node.Describe()}");
            return vars;
        }

        cx.Record(path, mapping.Start);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            if (entry.Key is not YamlScalar { IsNull: false } key || !PromptTemplate.IsName(key.Text) || ReservedNames.Contains(key.Text, StringComparer.Ordinal))
            {
                var name = entry.Key is YamlScalar s ? s.Text : entry.Key.Describe();
                var why = ReservedNames.Contains(name, StringComparer.Ordinal) ? $"'{name}' names an axis already" : $"'{name}' is not a variable name";
                cx.Error(entry.Key.Start, ReadContext.Join(path, name), $"{why}; use lower-case letters, digits and '_', starting with a letter (like color or room)");
                continue;
            }

            var varPath = ReadContext.Join(path, key.Text);
            if (seen.TryGetValue(key.Text, out var line))
            {
                cx.Error(key.Start, varPath, $"duplicate variable '{key.Text}' (first set at line {line}); each variable may appear once");
                continue;
            }

            seen.Add(key.Text, key.Start.Line);
            cx.Record(varPath, key.Start);
            // Kept even without valid values, so prompts that use it are not reported as well.
            vars.Add(new PromptVariable(key.Text, Values(entry.Value, varPath, key.Text, cx) ?? []));
        }

        return vars;
    }

    private static List<string>? Values(YamlNode node, string path, string name, ReadContext cx)
    {
        if (node is YamlScalar { IsNull: true } || node is YamlSequence { Items.Count: 0 })
        {
            cx.Error(path, $"variable '{name}' has no values; give a list like [red, blue]");
            return null;
        }

        var items = cx.List(node, path, $"values for {{{name}}}");
        if (items is null)
        {
            return null;
        }

        var values = new List<string>(items.Count);
        var bySlug = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = ReadContext.Index(path, i);
            if (cx.Text(items[i], itemPath, "a value (text or a number)") is not { } value)
            {
                continue;
            }

            var slug = PromptSlug.From(value);
            if (slug.Length == 0)
            {
                cx.Error(items[i].Start, itemPath, $"value '{value}' has no letter or digit to name its jobs by (prompt ids get the value, like kettle-hero.red)");
            }
            else if (bySlug.TryGetValue(slug, out var first))
            {
                var same = first == value ? $"duplicate value '{value}'" : $"value '{value}' names its jobs '{slug}', like '{first}' does";
                cx.Error(items[i].Start, itemPath, $"{same}; the values of a variable must differ");
            }
            else
            {
                bySlug.Add(slug, value);
                values.Add(value);
            }
        }

        return values;
    }
}
