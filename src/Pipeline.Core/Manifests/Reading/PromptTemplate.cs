using System.Text;

namespace Pipeline.Manifests.Reading;

/// <summary>
/// Prompt texts with <c>{name}</c> placeholders for <c>matrix.vars</c>. <c>{{</c> and <c>}}</c> write a literal brace;
/// any other brace is literal too, so only <c>{name}</c> with a var-like name (<c>[a-z][a-z0-9_]*</c>) is a placeholder.
/// </summary>
internal static class PromptTemplate
{
    /// <summary>The placeholder names in <paramref name="text"/>, in order of first use.</summary>
    public static IReadOnlyList<string> Placeholders(string text)
    {
        List<string>? names = null;
        for (var i = 0; i < text.Length; i++)
        {
            if (Escape(text, i))
            {
                i++;
            }
            else if (Placeholder(text, i) is { } name)
            {
                names ??= [];
                if (!names.Contains(name, StringComparer.Ordinal))
                {
                    names.Add(name);
                }

                i += name.Length + 1;
            }
        }

        return names ?? (IReadOnlyList<string>)[];
    }

    /// <summary>The text with every placeholder replaced by its value and escapes resolved.</summary>
    public static string Fill(string text, Func<string, string> value)
    {
        if (!text.Contains('{', StringComparison.Ordinal) && !text.Contains('}', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            if (Escape(text, i))
            {
                result.Append(text[i]);
                i++;
            }
            else if (Placeholder(text, i) is { } name)
            {
                result.Append(value(name));
                i += name.Length + 1;
            }
            else
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }

    /// <summary>True for a valid var name: a lower-case letter, then lower-case letters, digits or '_'.</summary>
    public static bool IsName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || !char.IsAsciiLetterLower(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    private static bool Escape(string text, int i) =>
        i + 1 < text.Length && (text[i] == '{' || text[i] == '}') && text[i + 1] == text[i];

    private static string? Placeholder(string text, int i)
    {
        if (text[i] != '{')
        {
            return null;
        }

        var close = text.IndexOf('}', i + 1);
        return close > i + 1 && IsName(text.AsSpan(i + 1, close - i - 1)) ? text[(i + 1)..close] : null;
    }
}
