using System.Text.RegularExpressions;

namespace Pipeline.Manifests.Reading;

/// <summary>The type the YAML 1.2 core schema gives a plain scalar.</summary>
internal enum CoreType
{
    Null,
    Boolean,
    Integer,
    Float,
    Text,
}

/// <summary>
/// Tag resolution of plain scalars by the YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution),
/// the rules editors and JSON Schema validators apply: <c>8</c> is a number, <c>"8"</c> is text, <c>16:9</c> is text
/// (the YAML 1.1 sexagesimal reading does not exist in 1.2), <c>yes</c> is text.
/// </summary>
internal static partial class CoreSchema
{
    public static CoreType Resolve(string plain) => plain switch
    {
        "" or "~" or "null" or "Null" or "NULL" => CoreType.Null,
        "true" or "True" or "TRUE" or "false" or "False" or "FALSE" => CoreType.Boolean,
        _ when IntegerPattern().IsMatch(plain) => CoreType.Integer,
        _ when FloatPattern().IsMatch(plain) => CoreType.Float,
        _ => CoreType.Text,
    };

    [GeneratedRegex("^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
