using System.Globalization;

namespace Pipeline.Manifests.Reading;

/// <summary>
/// Typed scalar reads. A scalar's type comes from the text as written, quoted or not, so
/// <c>16:9</c> and <c>"16:9"</c> read the same; nothing is coerced the YAML 1.1 way.
/// </summary>
internal sealed partial class ReadContext
{
    private const NumberStyles IntegerStyle = NumberStyles.AllowLeadingSign;
    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>The text of a non-null scalar, or null (with an error) for anything else.</summary>
    public string? Text(YamlNode? node, string path, string expected)
    {
        switch (node)
        {
            case null:
                return null;
            case YamlScalar { IsNull: false } scalar:
                return scalar.Text;
            default:
                Error(node.Start, path, $"expected {expected}, found {node.Describe()}");
                return null;
        }
    }

    /// <summary>
    /// Free text (an id, a prompt, a path): any scalar YAML reads as text. A plain scalar YAML reads as a
    /// number or boolean (<c>2024</c>, <c>true</c>) is refused with a hint to quote it, as a schema-aware editor would.
    /// </summary>
    public string? String(YamlNode? node, string path, string expected)
    {
        if (Text(node, path, expected) is not { } text)
        {
            return null;
        }

        if (node is YamlScalar { Type: not CoreType.Text } scalar)
        {
            Error(node.Start, path, $"expected {expected}, found {scalar.DescribeTyped()}; quote it (\"{text}\") to use it as text");
            return null;
        }

        return text;
    }

    public long? Integer(YamlNode? node, string path, long min, long max)
    {
        var allowed = $"allowed: {min} to {max}";
        if (Text(node, path, $"an integer ({allowed})") is not { } text || !Unquoted(node!, path, $"an integer ({allowed})"))
        {
            return null;
        }

        if (!long.TryParse(text, IntegerStyle, CultureInfo.InvariantCulture, out var value))
        {
            Error(node!.Start, path, $"expected an integer, found '{text}' ({allowed})");
            return null;
        }

        if (value < min || value > max)
        {
            Error(node!.Start, path, $"{value} is out of range; {allowed}");
            return null;
        }

        return value;
    }

    /// <summary>A decimal parsed from the text with its scale kept ("0.80" stays 0.80).</summary>
    public decimal? Number(YamlNode? node, string path, decimal min, decimal max, bool minExclusive = false)
    {
        var allowed = minExclusive ? $"allowed: more than {min}" : $"allowed: {min} to {max}";
        if (Text(node, path, $"a number ({allowed})") is not { } text || !Unquoted(node!, path, $"a number ({allowed})"))
        {
            return null;
        }

        if (!decimal.TryParse(text, DecimalStyle, CultureInfo.InvariantCulture, out var value))
        {
            Error(node!.Start, path, $"expected a number, found '{text}' ({allowed})");
            return null;
        }

        if (value < min || value > max || (minExclusive && value == min))
        {
            Error(node!.Start, path, $"{text} is out of range; {allowed}");
            return null;
        }

        return value;
    }

    public bool? Boolean(YamlNode? node, string path)
    {
        switch (Text(node, path, "true or false"))
        {
            case null:
                return null;
            case not null when !Unquoted(node!, path, "true or false"):
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            case var text:
                Error(node!.Start, path, $"expected true or false, found '{text}'");
                return null;
        }
    }

    /// <summary>False (with an error) for a quoted scalar where YAML needs a plain number or boolean.</summary>
    private bool Unquoted(YamlNode node, string path, string expected)
    {
        if (node is YamlScalar { Plain: false } scalar)
        {
            Error(node.Start, path, $"expected {expected}, found {scalar.DescribeTyped()}; write it without quotes");
            return false;
        }

        return true;
    }

    /// <summary>One of <paramref name="allowed"/> (case-sensitive), suggesting the nearest on a miss.</summary>
    public string? OneOf(YamlNode? node, string path, string what, IReadOnlyList<string> allowed, bool suggest = true)
    {
        var list = string.Join(", ", allowed);
        if (Text(node, path, $"{what}, one of: {list}") is not { } text)
        {
            return null;
        }

        if (allowed.Contains(text, StringComparer.Ordinal))
        {
            return text;
        }

        var hint = suggest ? Suggestion.DidYouMean(text, allowed) : string.Empty;
        Error(node!.Start, path, $"unknown {what} '{text}'{hint}; allowed: {list}");
        return null;
    }
}
