using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Tests.Support;

/// <summary>
/// YAML → JSON as an editor's YAML language server sees it: the YAML 1.2 core schema types plain scalars
/// (<c>8</c> a number, <c>true</c> a boolean, <c>16:9</c> and <c>yes</c> text); quoted scalars are always text.
/// Written independently of the loader's own typing, so the two can be checked against each other.
/// </summary>
public static partial class YamlJson
{
    /// <exception cref="YamlException">Not valid YAML (including duplicate keys).</exception>
    public static JToken Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? JValue.CreateNull() : Node(stream.Documents[0].RootNode);
    }

    private static JToken Node(YamlNode node) => node switch
    {
        YamlMappingNode map => new JObject(map.Children.Select(c => new JProperty(((YamlScalarNode)c.Key).Value ?? string.Empty, Node(c.Value)))),
        YamlSequenceNode list => new JArray(list.Children.Select(Node)),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static JValue Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return new JValue(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => JValue.CreateNull(),
            "true" or "True" or "TRUE" => new JValue(true),
            "false" or "False" or "FALSE" => new JValue(false),
            _ when DecimalInteger().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => new JValue(l),
            _ when text.StartsWith("0x", StringComparison.Ordinal) && HexInteger().IsMatch(text) => new JValue(System.Convert.ToInt64(text[2..], 16)),
            _ when text.StartsWith("0o", StringComparison.Ordinal) && OctalInteger().IsMatch(text) => new JValue(System.Convert.ToInt64(text[2..], 8)),
            _ when Float().IsMatch(text) => new JValue(decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)),
            _ => new JValue(text),
        };
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex("^0x[0-9a-fA-F]+$")]
    private static partial Regex HexInteger();

    [GeneratedRegex("^0o[0-7]+$")]
    private static partial Regex OctalInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
