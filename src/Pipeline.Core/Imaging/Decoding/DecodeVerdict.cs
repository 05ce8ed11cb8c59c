using System.Globalization;

namespace Pipeline.Imaging.Decoding;

/// <summary>What decoding a body showed: whether it is a whole, sound image, and the facts a verifier records.</summary>
/// <param name="Ok">The body is a supported image that decoded completely and passed the strict structural walk.</param>
/// <param name="Problem">Why not, naming what is wrong (<c>truncated scan: …</c>, <c>corrupt: …</c>, <c>format: …</c>); null when ok.</param>
/// <param name="Format">What the bytes are, whatever was declared.</param>
/// <param name="Width">Pixels as stored (before EXIF orientation); null when the header is unreadable.</param>
/// <param name="Orientation">EXIF orientation 1–8; 1 when absent or out of range.</param>
/// <param name="EndOffset">Where the image ends (after JPEG EOI, PNG IEND, the WebP RIFF size); null when not found.</param>
/// <param name="TrailingBytes">Bytes after <paramref name="EndOffset"/>; accepted and noted.</param>
/// <param name="Blank">Uniformity of the decoded pixels; null when the image did not decode.</param>
public sealed record DecodeVerdict(
    bool Ok,
    string? Problem,
    BodyKind Format,
    int? Width,
    int? Height,
    int Orientation,
    long? EndOffset,
    long TrailingBytes,
    BlankAnalysis? Blank)
{
    /// <summary>Orientations 5–8 turn the picture a quarter, so it displays with width and height swapped.</summary>
    public bool SwapsAxes => Orientation is >= 5 and <= 8;

    /// <summary>Width as displayed after applying <see cref="Orientation"/>.</summary>
    public int? DisplayWidth => SwapsAxes ? Height : Width;

    /// <summary>Height as displayed after applying <see cref="Orientation"/>.</summary>
    public int? DisplayHeight => SwapsAxes ? Width : Height;

    /// <summary>
    /// The facts a verifier and the audit row record: format <c>jpeg</c> or <c>png</c> (null for anything else, WebP
    /// included, since the audit <c>format</c> column names only those two), the stored pixel size, complete when the
    /// image decoded, and the problem as damage.
    /// </summary>
    /// <param name="length">Bytes in the body or file.</param>
    public ImageFacts ToFacts(long length) => new(
        Format switch { BodyKind.Jpeg => "jpeg", BodyKind.Png => "png", _ => null },
        Width,
        Height,
        Ok,
        length,
        Ok ? [] : [Problem ?? "failed"]);

    internal static DecodeVerdict Fail(string problem, BodyKind format, int? width = null, int? height = null, int orientation = 1) =>
        new(false, problem, format, width, height, orientation, null, 0, null);

    /// <summary>
    /// One line for the verification column: the problem when not ok, else <c>ok</c> or <c>blank (uniform #000000)</c>,
    /// followed by notes such as <c>4096 bytes after EOI</c> and <c>EXIF orientation 6</c>.
    /// </summary>
    public string Describe()
    {
        if (!Ok)
        {
            return Problem ?? "failed";
        }

        var parts = new List<string> { Blank?.Describe() ?? "ok" };
        if (TrailingBytes > 0)
        {
            var end = Format switch { BodyKind.Jpeg => "EOI", BodyKind.Png => "IEND", _ => "end of image" };
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{TrailingBytes} bytes after {end}"));
        }

        if (Orientation != 1)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"EXIF orientation {Orientation}"));
        }

        return string.Join("; ", parts);
    }
}
