using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Imaging;

namespace Pipeline.Providers;

/// <summary>The result of mapping a job onto an endpoint: the request body, or every reason it cannot be sent.</summary>
/// <param name="Body">Null when there are problems.</param>
internal sealed record WireBody(JsonObject? Body, IReadOnlyList<string> Problems)
{
    public bool Ok => Problems.Count == 0;
}

/// <summary>Applies an <see cref="EndpointMap"/> to a job's values: checks every value and writes the wire body.</summary>
internal static class WireMapper
{
    /// <summary>Maps <paramref name="values"/> (see <see cref="JobFields"/>) onto <paramref name="map"/>.</summary>
    /// <param name="readFiles">False for plan-time checks: image fields are checked for presence but not read.</param>
    public static WireBody Map(EndpointMap map, IReadOnlyDictionary<string, object> values, bool readFiles)
    {
        if (map.Unavailable is { } reason)
        {
            return new WireBody(null, [reason]);
        }

        var problems = new List<string>();
        var body = new JsonObject();
        foreach (var field in map.Fields)
        {
            if (!values.TryGetValue(field.Field, out var value))
            {
                if (field.Default is null)
                {
                    if (field.Required)
                    {
                        problems.Add($"{map.Provider} ({map.Endpoint}) requires '{field.Field}'");
                    }

                    continue;
                }

                value = field.Default;
            }

            if (Check(map, field, value) is { } problem)
            {
                problems.Add(problem);
                continue;
            }

            if (!readFiles && field.Kind is WireKind.ImageBase64 or WireKind.ImageDataUri)
            {
                continue;
            }

            var (node, fileProblem) = ToWire(field, value);
            if (fileProblem is not null)
            {
                problems.Add(fileProblem);
            }
            else
            {
                body[field.WireName] = node;
            }
        }

        foreach (var name in values.Keys.Where(k => map.Fields.All(f => f.Field != k)).Order(StringComparer.Ordinal))
        {
            problems.Add($"{map.Provider} ({map.Endpoint}) does not take '{name}'");
        }

        foreach (var (name, constant) in map.Constants)
        {
            body[name] = Json(constant);
        }

        return problems.Count > 0 ? new WireBody(null, problems) : new WireBody(body, []);
    }

    private static string? Check(EndpointMap map, WireField field, object value)
    {
        var shown = Show(value);
        var ok = field.Kind switch
        {
            WireKind.Text or WireKind.ImageBase64 or WireKind.ImageDataUri => value is string,
            WireKind.Boolean => value is bool,
            WireKind.Integer or WireKind.IntegerText => value is long or int,
            WireKind.Number => value is decimal or long or int or double,
            _ => false,
        };
        if (ok && field.Choices is { } choices)
        {
            ok = value is string s && choices.Contains(s, StringComparer.Ordinal);
        }

        if (ok && field.Ratios is { } ratios)
        {
            ok = value is string ratio && ratios.Accepts(ratio);
        }

        if (ok && (field.Min is not null || field.Max is not null || field.MultipleOf is not null) && AsDecimal(value) is { } number)
        {
            ok = (field.Min is null || number >= field.Min) && (field.Max is null || number <= field.Max)
                && (field.MultipleOf is null || number % field.MultipleOf.Value == 0);
        }

        return ok ? null : $"{map.Provider} ({map.Endpoint}) cannot take {field.Field} {shown}: it takes {field.Describe()}";
    }

    private static (JsonNode? Node, string? Problem) ToWire(WireField field, object value)
    {
        if (field.Kind is WireKind.ImageBase64 or WireKind.ImageDataUri)
        {
            var path = (string)value;
            try
            {
                var bytes = File.ReadAllBytes(path);
                var base64 = Convert.ToBase64String(bytes);
                return (JsonValue.Create(field.Kind == WireKind.ImageBase64 ? base64 : $"data:{MediaType(bytes)};base64,{base64}"), null);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return (null, $"{field.Field}: cannot read '{path}': {ex.Message}");
            }
        }

        if (value is string text && field.Spelling is { } spelling && spelling.TryGetValue(text, out var spelled))
        {
            value = spelled;
        }

        if (field.Kind == WireKind.IntegerText)
        {
            value = Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        }

        return (Json(value), null);
    }

    private static string MediaType(byte[] bytes) =>
        Imaging.ImageInspector.Sniff(bytes.AsSpan(0, Math.Min(8, bytes.Length))) == "png" ? "image/png" : "image/jpeg";

    /// <summary>A JSON value for a manifest value; decimals keep their written scale (<c>0.8</c>, not <c>0.80000001</c>).</summary>
    internal static JsonValue Json(object value) => value switch
    {
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        int i => JsonValue.Create(i),
        decimal d => JsonValue.Create(d),
        double d => JsonValue.Create(d),
        _ => throw new ArgumentException($"Unsupported value type {value.GetType().Name}.", nameof(value)),
    };

    private static decimal? AsDecimal(object value) => value switch
    {
        long l => l,
        int i => i,
        decimal d => d,
        double d => (decimal)d,
        _ => null,
    };

    private static string Show(object value) => value switch
    {
        string s => $"'{s}'",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
