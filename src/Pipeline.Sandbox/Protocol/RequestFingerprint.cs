using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Pipeline.Sandbox.Protocol;

/// <summary>
/// Identity of a submission: lower-case hex SHA-256 of <c>"{model}\n{canonical body}"</c>, where the canonical
/// body is the JSON re-written without whitespace and with every object's properties sorted by ordinal name.
/// Numbers keep their literal text, so <c>1.0</c> and <c>1</c> differ.
/// </summary>
internal static class RequestFingerprint
{
    public static string Compute(string model, JsonElement body)
    {
        using var buffer = new MemoryStream();
        buffer.Write(Encoding.UTF8.GetBytes(model + "\n"));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, body);
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
