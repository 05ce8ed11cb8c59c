using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Pipeline.Execution;

namespace Pipeline.Records;

/// <summary>
/// The provenance embedded in an image: its sidecar's fields, except that a file cannot hold its own hash, so
/// <c>sha256</c> is replaced by <c>source_sha256</c>, the hash of the bytes the provider delivered (the file
/// without this record). The sidecar and the audit log hold the hash of the file as stored.
/// </summary>
/// <param name="Sidecar">The sidecar fields; its <see cref="Sidecar.Sha256"/> is null.</param>
/// <param name="SourceSha256">SHA-256 of the file with every embedded record removed, lowercase hex.</param>
public sealed record ProvenanceRecord(Sidecar Sidecar, string SourceSha256)
{
    private const string SourceKey = "source_sha256";

    /// <summary>
    /// The sidecar's contract without its <c>sha256</c>. Text stays readable in the file (no <c>\u002B</c> for
    /// <c>+</c>): the record is never placed in HTML.
    /// </summary>
    private static readonly JsonSerializerOptions Compact = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = SidecarJson.Default.WithAddedModifier(WithoutSha256),
    };

    /// <summary>Compact JSON, one object: the sidecar's keys without <c>sha256</c>, then <c>source_sha256</c>.</summary>
    public string ToJson() => Encoding.UTF8.GetString(ToUtf8Json());

    /// <summary><see cref="ToJson"/> as UTF-8, the form embedded in the image.</summary>
    public byte[] ToUtf8Json()
    {
        // The sidecar's object with one more key before its closing brace (a sidecar always has keys).
        var sidecar = JsonSerializer.SerializeToUtf8Bytes(Sidecar, Compact);
        var tail = Encoding.UTF8.GetBytes($",\"{SourceKey}\":{JsonSerializer.Serialize(SourceSha256, Compact)}}}");
        var json = new byte[sidecar.Length - 1 + tail.Length];
        sidecar.AsSpan(0, sidecar.Length - 1).CopyTo(json);
        tail.CopyTo(json, sidecar.Length - 1);
        return json;
    }

    private static void WithoutSha256(JsonTypeInfo info)
    {
        if (info.Type == typeof(Sidecar))
        {
            var sha256 = info.Properties.Single(p => p.Name == "sha256");
            info.Properties.Remove(sha256);
        }
    }

    /// <summary>The record in <paramref name="json"/>.</summary>
    /// <exception cref="InvalidDataException">Not a provenance record.</exception>
    public static ProvenanceRecord Parse(string json)
    {
        try
        {
            var node = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException("embedded provenance is not a JSON object");
            var source = node[SourceKey]?.GetValue<string>() ?? throw new InvalidDataException($"embedded provenance has no {SourceKey}");
            node.Remove(SourceKey);
            var sidecar = node.Deserialize<Sidecar>() ?? throw new InvalidDataException("embedded provenance is empty");
            return new ProvenanceRecord(sidecar with { Sha256 = null }, source);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException("embedded provenance is not readable JSON: " + ex.Message, ex);
        }
    }
}
