using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Domain;
using Pipeline.Imaging;

namespace Pipeline.Records;

/// <summary>
/// The provenance of a rendition: its master's record (the master sidecar's fields without <c>sha256</c>), the master's
/// file and hash, and the rendition spec with its content address. Embedded like a master's (<c>pipeline:provenance</c>:
/// PNG <c>iTXt</c>, JPEG <c>COM</c>, with <c>source_sha256</c>, the hash of the file without the record), or for WebP as
/// an XMP packet written by the encoder; and in the sidecar <c>&lt;file&gt;.json</c> with the file's own <c>sha256</c>.
/// </summary>
public static class RenditionProvenance
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The record of <paramref name="spec"/> applied to the master at <paramref name="masterFile"/>.</summary>
    /// <param name="masterSidecar">The master's sidecar JSON as written, or null when it has none.</param>
    public static JsonObject Record(string? masterSidecar, string masterFile, string masterSha256, RenditionSpec spec, string key)
    {
        ArgumentNullException.ThrowIfNull(spec);
        JsonObject record;
        try
        {
            record = masterSidecar is null ? [] : JsonNode.Parse(masterSidecar) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            record = [];
        }

        record.Remove("sha256");
        record["master_file"] = masterFile;
        record["master_sha256"] = masterSha256;
        var rendition = JsonNode.Parse(spec.CanonicalJson())!.AsObject();
        rendition["key"] = key;
        record["rendition"] = rendition;
        return record;
    }

    /// <summary>An XMP packet carrying <paramref name="record"/> as <c>pipeline:provenance</c> (for WebP, whose encoder writes XMP).</summary>
    public static byte[] Xmp(JsonObject record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var json = WebUtility.HtmlEncode(record.ToJsonString(Compact));
        return Encoding.UTF8.GetBytes(
            "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\">"
            + "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\" xmlns:pipeline=\"urn:pipeline:provenance:1\">"
            + $"<pipeline:provenance>{json}</pipeline:provenance></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"r\"?>");
    }

    /// <summary>
    /// <paramref name="encoded"/> (a JPEG or PNG fresh from the encoder, no record inside) with <paramref name="record"/>
    /// embedded; <paramref name="record"/> gains <c>source_sha256</c>. WebP bytes are returned as they are (their record is XMP).
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not an intact JPEG or PNG.</exception>
    public static byte[] Embed(byte[] encoded, string format, JsonObject record)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        ArgumentNullException.ThrowIfNull(record);
        if (format is not ("jpeg" or "png"))
        {
            return encoded;
        }

        using var source = new MemoryStream(encoded, writable: false);
        var layout = format == "png" ? PngProvenance.Locate(source, checkCrc: false) : JpegProvenance.Locate(source);
        if (layout.Damage.Count > 0)
        {
            throw new InvalidDataException($"the encoded {format} is not intact: {string.Join("; ", layout.Damage)}");
        }

        record["source_sha256"] = Convert.ToHexStringLower(SHA256.HashData(encoded));
        var json = Encoding.UTF8.GetBytes(record.ToJsonString(Compact));
        var insert = format == "png" ? PngProvenance.Encode(json) : JpegProvenance.Encode(json);
        using var output = new MemoryStream(encoded.Length + insert.Length);
        _ = ImageSplice.Copy(source, output, layout.Records, layout.InsertAt, insert);
        return output.ToArray();
    }

    /// <summary>The sidecar text: the record plus <c>sha256</c>, the hash of the file as stored.</summary>
    public static string Sidecar(JsonObject record, string sha256)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sidecar = record.DeepClone().AsObject();
        sidecar["sha256"] = sha256;
        return sidecar.ToJsonString(Indented);
    }
}
