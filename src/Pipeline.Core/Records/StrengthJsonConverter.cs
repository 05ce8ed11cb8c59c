using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Records;

/// <summary>
/// <c>finetune_strength</c> in sidecars and embedded provenance: written as a JSON number with the plan's decimal as
/// written (<c>1.2</c>, <c>1.0</c>, <c>0.80</c>); read from a number or, as sidecars before issue 14 wrote it, from text.
/// </summary>
internal sealed class StrengthJsonConverter : JsonConverter<decimal?>
{
    public override decimal? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return reader.GetDecimal();
            case JsonTokenType.String when decimal.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var written):
                return written;
            default:
                throw new JsonException($"finetune_strength must be a number, found {reader.TokenType}");
        }
    }

    public override void Write(Utf8JsonWriter writer, decimal? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } strength)
        {
            writer.WriteNumberValue(strength);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
