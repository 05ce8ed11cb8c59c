using System.Text;
using Pipeline.Execution;

namespace Pipeline.Verification;

/// <summary>
/// Provenance inside the image file itself, so it travels with the file: the sidecar's record in a PNG
/// <c>iTXt</c> chunk or JPEG <c>COM</c> segments, added without re-encoding (see <see cref="PngProvenance"/>,
/// <see cref="JpegProvenance"/>). The record carries the hash of the provider's bytes; the audit log and the
/// sidecar carry the hash of the file as stored, record included.
/// </summary>
public static class Provenance
{
    /// <summary>The PNG iTXt keyword and the JPEG COM prefix that mark our record.</summary>
    public const string Key = "pipeline:provenance";

    /// <summary>
    /// Embeds <paramref name="sidecar"/> in the image at <paramref name="path"/>, replacing any record already there;
    /// the file is rewritten beside itself and renamed over the original.
    /// </summary>
    /// <returns>SHA-256 of the file as now stored, lowercase hex.</returns>
    /// <exception cref="InvalidDataException">The file is not an intact JPEG or PNG.</exception>
    /// <exception cref="IOException">The file cannot be read or replaced.</exception>
    public static string Embed(string path, Sidecar sidecar)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        var stamped = path + ".stamped";
        string sha256;
        using (var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            var (format, layout) = Locate(source);
            if (layout.Damage.Count > 0)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)} is not an intact {format}: {string.Join("; ", layout.Damage)}");
            }

            var sourceSha256 = ImageSplice.Copy(source, null, layout.Records, 0, []);
            var json = Encoding.UTF8.GetBytes(new ProvenanceRecord(sidecar with { Sha256 = null }, sourceSha256).ToJson());
            var insert = format == "png" ? PngProvenance.Encode(json) : JpegProvenance.Encode(json);
            using var target = new FileStream(stamped, FileMode.Create, FileAccess.Write, FileShare.None);
            sha256 = ImageSplice.Copy(source, target, layout.Records, layout.InsertAt, insert);
            target.Flush(flushToDisk: true);
        }

        File.Move(stamped, path, overwrite: true);
        return sha256;
    }

    /// <summary>What the image at <paramref name="path"/> says about itself.</summary>
    /// <exception cref="InvalidDataException">The file is not a JPEG or PNG, or its record is not readable.</exception>
    public static EmbeddedProvenance Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var (_, layout) = Locate(stream);
        var record = layout.Payload is { } payload ? ProvenanceRecord.Parse(Encoding.UTF8.GetString(payload)) : null;
        var withoutRecord = ImageSplice.Copy(stream, null, layout.Records, 0, []);
        return new EmbeddedProvenance(record, withoutRecord);
    }

    private static (string Format, ProvenanceLayout Layout) Locate(Stream stream)
    {
        var format = ImageInspector.Sniff(stream) ?? throw new InvalidDataException("not a JPEG or PNG (magic bytes)");
        return (format, format == "png" ? PngProvenance.Locate(stream) : JpegProvenance.Locate(stream));
    }
}

/// <summary>The record embedded in an image, and the hash of the image without it.</summary>
/// <param name="Record">Null when the file carries no record.</param>
/// <param name="Sha256WithoutRecord">SHA-256 of the file with the record removed: the provider's bytes when untouched.</param>
public sealed record EmbeddedProvenance(ProvenanceRecord? Record, string Sha256WithoutRecord)
{
    /// <summary>The file is the provider's output plus our record and nothing else changed.</summary>
    public bool SourceIntact => Record is not null && Record.SourceSha256 == Sha256WithoutRecord;
}
