using System.Text;
using Pipeline.Execution;
using Pipeline.Imaging;

namespace Pipeline.Records;

/// <summary>
/// Provenance inside the image file itself, so it travels with the file: the sidecar's record in a PNG
/// <c>iTXt</c> chunk or JPEG <c>COM</c> segments, added without re-encoding (see <see cref="PngProvenance"/>,
/// <see cref="JpegProvenance"/>). The record carries the hash of the provider's bytes; the audit log and the
/// sidecar carry the hash of the file as stored, record included.
/// </summary>
internal static class Provenance
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
        var stamped = path + ".stamped";
        string sha256;
        using (var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            sha256 = Write(source, stamped, sidecar, sourceSha256: null, inspected: false);
        }

        File.Move(stamped, path, overwrite: true);
        return sha256;
    }

    /// <summary>
    /// Writes the image in <paramref name="source"/> to <paramref name="target"/> (created or truncated) with
    /// <paramref name="sidecar"/> embedded in place of any record already there, and flushes it to disk.
    /// </summary>
    /// <param name="sourceSha256">SHA-256 of <paramref name="source"/> when the caller already has it, else null.</param>
    /// <param name="inspected">
    /// The caller found <paramref name="source"/> intact with <see cref="ImageInspector"/> (every PNG CRC checked), so
    /// its structure is only walked again, not re-checked.
    /// </param>
    /// <returns>SHA-256 of the file as written, lowercase hex.</returns>
    /// <exception cref="InvalidDataException">The source is not an intact JPEG or PNG.</exception>
    /// <exception cref="IOException">The target cannot be written.</exception>
    public static string Write(Stream source, string target, Sidecar sidecar, string? sourceSha256, bool inspected)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(sidecar);
        var (format, layout) = Locate(source, checkCrc: !inspected);
        if (layout.Damage.Count > 0)
        {
            throw new InvalidDataException($"{Path.GetFileName(target)} is not an intact {format}: {string.Join("; ", layout.Damage)}");
        }

        // Without a record already inside, the bytes without a record are the source itself.
        var withoutRecord = layout.Records.Count == 0 && sourceSha256 is not null
            ? sourceSha256
            : ImageSplice.Copy(source, null, layout.Records, 0, []);
        var json = new ProvenanceRecord(sidecar with { Sha256 = null }, withoutRecord).ToUtf8Json();
        var insert = format == "png" ? PngProvenance.Encode(json) : JpegProvenance.Encode(json);
        using var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var sha256 = ImageSplice.Copy(source, output, layout.Records, layout.InsertAt, insert);
        output.Flush(flushToDisk: true);
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

    private static (string Format, ProvenanceLayout Layout) Locate(Stream stream, bool checkCrc = true)
    {
        var format = ImageInspector.Sniff(stream) ?? throw new InvalidDataException("not a JPEG or PNG (magic bytes)");
        return (format, format == "png" ? PngProvenance.Locate(stream, checkCrc) : JpegProvenance.Locate(stream));
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
