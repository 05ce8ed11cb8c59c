using System.Globalization;
using System.Text.Json;

namespace Pipeline.Sandbox.Protocol;

/// <summary>
/// Reads optional fields from a JSON object the way pydantic (lax mode) does, collecting every error with
/// pydantic's message and type instead of stopping at the first. Absent and <c>null</c> both mean "use the default".
/// </summary>
internal sealed class BodyReader(JsonElement body)
{
    private readonly List<ValidationError> _errors = [];

    public IReadOnlyList<ValidationError> Errors => _errors;

    public void Fail(string field, string msg, string type) => _errors.Add(ValidationError.Body(field, msg, type));

    public string? String(string field)
    {
        if (!TryGet(field, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        Fail(field, "Input should be a valid string", "string_type");
        return null;
    }

    public string? RequiredString(string field)
    {
        if (!body.TryGetProperty(field, out _))
        {
            Fail(field, "Field required", "missing");
            return null;
        }

        if (!TryGet(field, out _))
        {
            Fail(field, "Input should be a valid string", "string_type");
            return null;
        }

        return String(field);
    }

    /// <summary>True when the field is present and not null.</summary>
    public bool Has(string field) => TryGet(field, out _);

    /// <summary>Adds pydantic's <c>missing</c> error when the field is absent or null; returns whether it is there.</summary>
    public bool Require(string field)
    {
        if (TryGet(field, out _))
        {
            return true;
        }

        Fail(field, "Field required", "missing");
        return false;
    }

    /// <summary>
    /// A <c>Literal[...]</c> of strings: any other value, a number included, is pydantic's <c>literal_error</c>
    /// ("Input should be '1', '2' or '3'"). fal types <c>safety_tolerance</c> this way (docs/providers.md#fal-request-fields).
    /// </summary>
    public string? Literal(string field, IReadOnlyList<string> choices)
    {
        if (!TryGet(field, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && choices.Contains(value.GetString()!, StringComparer.Ordinal))
        {
            return value.GetString();
        }

        var quoted = choices.Select(c => $"'{c}'").ToList();
        var expected = quoted.Count == 1 ? quoted[0] : $"{string.Join(", ", quoted.Take(quoted.Count - 1))} or {quoted[^1]}";
        Fail(field, $"Input should be {expected}", "literal_error");
        return null;
    }

    public bool? Boolean(string field)
    {
        if (!TryGet(field, out var value))
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed):
                return parsed;
            case JsonValueKind.Number when value.TryGetInt32(out var number) && number is 0 or 1:
                return number == 1;
            default:
                Fail(field, "Input should be a valid boolean", "bool_type");
                return null;
        }
    }

    /// <summary>An integer; checks <c>multiple_of</c>, then the upper bound, then the lower (pydantic-core's order).</summary>
    public long? Integer(string field, long? min = null, long? max = null, long? multipleOf = null)
    {
        if (!TryGet(field, out var value))
        {
            return null;
        }

        if (!TryReadInteger(field, value, out var number))
        {
            return null;
        }

        if (multipleOf is { } step && number % step != 0)
        {
            Fail(field, $"Input should be a multiple of {step}", "multiple_of");
            return null;
        }

        return CheckRange(field, number, min, max) ? number : null;
    }

    public double? Number(string field, double min, double max)
    {
        if (!TryGet(field, out var value))
        {
            return null;
        }

        double number;
        if (value.ValueKind == JsonValueKind.Number)
        {
            number = value.GetDouble();
        }
        else if (value.ValueKind == JsonValueKind.String)
        {
            if (!double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number))
            {
                Fail(field, "Input should be a valid number, unable to parse string as a number", "float_parsing");
                return null;
            }
        }
        else
        {
            Fail(field, "Input should be a valid number", "float_type");
            return null;
        }

        return CheckRange(field, number, min, max) ? number : null;
    }

    private bool TryGet(string field, out JsonElement value) =>
        body.TryGetProperty(field, out value) && value.ValueKind != JsonValueKind.Null;

    private bool TryReadInteger(string field, JsonElement value, out long number)
    {
        number = 0;
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetInt64(out number))
            {
                return true;
            }

            if (value.TryGetDouble(out var real) && Math.Abs(real) < long.MaxValue)
            {
                if (real == Math.Floor(real))
                {
                    number = (long)real;
                    return true;
                }

                Fail(field, "Input should be a valid integer, got a number with a fractional part", "int_from_float");
                return false;
            }
        }
        else if (value.ValueKind == JsonValueKind.String)
        {
            if (long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out number))
            {
                return true;
            }

            Fail(field, "Input should be a valid integer, unable to parse string as an integer", "int_parsing");
            return false;
        }

        Fail(field, "Input should be a valid integer", "int_type");
        return false;
    }

    private bool CheckRange(string field, double number, double? min, double? max)
    {
        if (max is { } upper && number > upper)
        {
            Fail(field, $"Input should be less than or equal to {Format(upper)}", "less_than_equal");
            return false;
        }

        if (min is { } lower && number < lower)
        {
            Fail(field, $"Input should be greater than or equal to {Format(lower)}", "greater_than_equal");
            return false;
        }

        return true;
    }

    private static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
