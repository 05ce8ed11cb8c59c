using System.Text;

namespace Pipeline.Manifests.Reading;

/// <summary>The id given to a prompt written as a plain string.</summary>
internal static class PromptSlug
{
    public const int MaxLength = 40;

    /// <summary>
    /// Lower-case ASCII letters and digits, every other run of characters becomes one '-', cut
    /// to at most <see cref="MaxLength"/> characters at a word boundary when one is near.
    /// Empty when the text has no ASCII letter or digit.
    /// </summary>
    public static string From(string text)
    {
        var slug = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var result = slug.ToString().TrimEnd('-');
        if (result.Length <= MaxLength)
        {
            return result;
        }

        var cut = result[..MaxLength];
        if (result[MaxLength] == '-')
        {
            return cut;
        }

        var boundary = cut.LastIndexOf('-');
        return (boundary >= MaxLength / 2 ? cut[..boundary] : cut).TrimEnd('-');
    }
}
