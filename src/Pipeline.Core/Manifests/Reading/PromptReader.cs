using System.Text.RegularExpressions;

namespace Pipeline.Manifests.Reading;

/// <summary>Reads <c>matrix.prompts</c>: <c>{id, text}</c> maps or plain strings (id = slug of the text).</summary>
internal static partial class PromptReader
{
    public const int MaxIdLength = 64;

    private static readonly string[] Keys = ["id", "text"];

    public static List<PromptSpec> Read(YamlNode? node, string path, ReadContext cx)
    {
        var prompts = new List<PromptSpec>();
        var firstPath = new Dictionary<string, string>(StringComparer.Ordinal);
        var items = cx.List(node, path, "prompts ({id, text} or a string)") ?? [];
        if (node is YamlSequence && items.Count == 0)
        {
            cx.Error(path, "the list is empty; give at least one prompt");
        }

        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = ReadContext.Index(path, i);
            if (Prompt(items[i], itemPath, i, cx) is not { } prompt)
            {
                continue;
            }

            if (firstPath.TryGetValue(prompt.Id, out var first))
            {
                cx.Error(ReadContext.Join(itemPath, "id"), $"duplicate prompt id '{prompt.Id}' (also {first}); prompt ids must be unique");
                continue;
            }

            firstPath.Add(prompt.Id, itemPath);
            prompts.Add(prompt);
        }

        return prompts;
    }

    private static PromptSpec? Prompt(YamlNode item, string path, int index, ReadContext cx)
    {
        if (item is YamlScalar { IsNull: false } plain)
        {
            // Consumers may ask for the id or text of any prompt: both point at the string.
            cx.Record(ReadContext.Join(path, "id"), plain.Start);
            cx.Record(ReadContext.Join(path, "text"), plain.Start);
            var slug = PromptSlug.From(plain.Text);
            return Text(plain.Text, path, cx) ? new PromptSpec(slug.Length > 0 ? slug : $"prompt-{index + 1}", plain.Text) : null;
        }

        var fields = cx.Mapping(item, path, "a prompt", Keys, expected: "a prompt {id, text} or a string");
        if (fields is null)
        {
            return null;
        }

        var id = cx.Text(fields.Required("id", "a prompt id like kettle-hero"), fields.PathOf("id"), "a prompt id like kettle-hero");
        var text = cx.Text(fields.Required("text", "the prompt text"), fields.PathOf("text"), "the prompt text");
        if (id is not null && !IdPattern().IsMatch(id))
        {
            cx.Error(fields.PathOf("id"), $"prompt id '{id}' is not allowed; use letters, digits, '-' and '_', starting with a letter or digit, at most {MaxIdLength} characters");
            id = null;
        }

        return id is not null && text is not null && Text(text, fields.PathOf("text"), cx) ? new PromptSpec(id, text) : null;
    }

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
