using System.Text.RegularExpressions;

namespace Pipeline.Manifests.Reading;

/// <summary>
/// Reads <c>matrix.prompts</c>: plain strings (id = slug of the text) or <c>{id, text}</c> maps, which may also
/// override the finetune, strengths and aspect ratios or sizes for that prompt. Checks each text's <c>{name}</c>
/// placeholders against <c>matrix.vars</c>.
/// </summary>
internal static partial class PromptReader
{
    public const int MaxIdLength = 64;

    public static IReadOnlyList<string> Keys { get; } = ["id", "text", "finetune_id", "finetune_strengths", "aspect_ratios", "sizes"];

    /// <summary>The valid prompts, each with its key path (<c>matrix.prompts[2]</c>).</summary>
    public static List<(PromptSpec Prompt, string Path)> Read(YamlNode? node, string path, ModelAxes axes, IReadOnlyList<PromptVariable> vars, ReadContext cx)
    {
        var prompts = new List<(PromptSpec, string)>();
        var firstPath = new Dictionary<string, string>(StringComparer.Ordinal);
        var items = cx.List(node, path, "prompts ({id, text} or a string)") ?? [];
        if (node is YamlSequence && items.Count == 0)
        {
            cx.Error(path, "the list is empty; give at least one prompt");
        }

        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = ReadContext.Index(path, i);
            if (Prompt(items[i], itemPath, i, axes, cx) is not { } prompt)
            {
                continue;
            }

            prompt = prompt with { Uses = Uses(prompt.Text, ReadContext.Join(itemPath, "text"), vars, cx) };
            if (firstPath.TryGetValue(prompt.Id, out var first))
            {
                cx.Error(ReadContext.Join(itemPath, "id"), $"duplicate prompt id '{prompt.Id}' (also {first}); prompt ids must be unique");
                continue;
            }

            firstPath.Add(prompt.Id, itemPath);
            prompts.Add((prompt, itemPath));
        }

        return prompts;
    }

    private static PromptSpec? Prompt(YamlNode item, string path, int index, ModelAxes axes, ReadContext cx)
    {
        if (item is YamlScalar { IsNull: false } plain)
        {
            // Consumers may ask for the id or text of any prompt: both point at the string.
            cx.Record(ReadContext.Join(path, "id"), plain.Start);
            cx.Record(ReadContext.Join(path, "text"), plain.Start);
            if (cx.String(plain, path, "a prompt text or {id, text}") is not { } written)
            {
                return null;
            }

            var slug = PromptSlug.From(written);
            return Text(written, path, cx) ? new PromptSpec(slug.Length > 0 ? slug : $"prompt-{index + 1}", written) : null;
        }

        var fields = cx.Mapping(item, path, "a prompt", Keys, expected: "a prompt {id, text} or a string");
        if (fields is null)
        {
            return null;
        }

        var id = cx.String(fields.Required("id", "a prompt id like kettle-hero"), fields.PathOf("id"), "a prompt id like kettle-hero");
        var text = cx.String(fields.Required("text", "the prompt text"), fields.PathOf("text"), "the prompt text");
        if (id is not null && !IdPattern().IsMatch(id))
        {
            cx.Error(fields.PathOf("id"), $"prompt id '{id}' is not allowed; use letters, digits, '-' and '_', starting with a letter or digit, at most {MaxIdLength} characters");
            id = null;
        }

        var errorsBefore = cx.Errors.Count;
        var prompt = new PromptSpec(id ?? string.Empty, text ?? string.Empty)
        {
            FinetuneId = Override(fields, "finetune_id", axes.FinetuneRefusal, (n, p) => AxisReader.FinetuneId(n, p, cx)),
            FinetuneStrengths = Override(fields, "finetune_strengths", axes.StrengthRefusal, (n, p) => NonEmpty(AxisReader.Strengths(n, p, cx), p, cx)),
            AspectRatios = Override(fields, "aspect_ratios", axes.AspectRatioRefusal, (n, p) => NonEmpty(AxisReader.AspectRatios(n, p, cx), p, cx)),
            Sizes = Override(fields, "sizes", axes.SizeRefusal, (n, p) => NonEmpty(AxisReader.Sizes(n, p, cx), p, cx)),
        };
        var valid = id is not null && text is not null && Text(text, fields.PathOf("text"), cx) && cx.Errors.Count == errorsBefore;
        return valid ? prompt : null;
    }

    /// <summary>A per-prompt axis: null when absent, refused when the model has no such axis.</summary>
    private static T? Override<T>(Fields fields, string key, string? refusal, Func<YamlNode, string, T?> read)
        where T : class
    {
        if (refusal is not null)
        {
            fields.Forbid(key, refusal);
            return null;
        }

        return fields.Optional(key, "a value") is { } node ? read(node, fields.PathOf(key)) : null;
    }

    private static List<T>? NonEmpty<T>(List<T> values, string path, ReadContext cx)
    {
        if (values.Count == 0)
        {
            cx.Error(path, "the list is empty; give at least one value or remove the key to use the matrix's");
            return null;
        }

        return values;
    }

    /// <summary>The vars <paramref name="text"/> uses, in <c>matrix.vars</c> order; reports unknown placeholders at the text.</summary>
    private static IReadOnlyList<string> Uses(string text, string path, IReadOnlyList<PromptVariable> vars, ReadContext cx)
    {
        var placeholders = PromptTemplate.Placeholders(text);
        if (placeholders.Count == 0)
        {
            return [];
        }

        var names = vars.Select(v => v.Name).ToList();
        foreach (var unknown in placeholders.Where(p => !names.Contains(p, StringComparer.Ordinal)))
        {
            var hint = Suggestion.DidYouMean(unknown, names).Replace("'", string.Empty, StringComparison.Ordinal);
            var defined = names.Count == 0 ? "matrix.vars defines no variables" : $"matrix.vars defines: {string.Join(", ", names)}";
            cx.Error(path, $"unknown placeholder {{{unknown}}}{Braced(hint)}; {defined} (write {{{{ and }}}} for literal braces)");
        }

        return [.. names.Where(placeholders.Contains)];
    }

    /// <summary>" (did you mean x?)" → " (did you mean {x}?)".</summary>
    private static string Braced(string hint) =>
        hint.Length == 0 ? hint : hint.Replace("mean ", "mean {", StringComparison.Ordinal).Replace("?)", "}?)", StringComparison.Ordinal);

    private static bool Text(string text, string path, ReadContext cx)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        cx.Error(path, "the prompt text is empty; write what to render");
        return false;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
