using MetadataExtractor;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Png;

namespace Pipeline.Imaging;

/// <summary>
/// Reads format, pixel size and integrity of an image file: the magic bytes, MetadataExtractor for the size,
/// a walk of the PNG chunks (every CRC) or the JPEG header segments, and the closing IEND or EOI.
/// </summary>
internal static class ImageInspector
{
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngTail = [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];
    private static readonly byte[] JpegTail = [0xFF, 0xD9];

    /// <summary>Inspects <paramref name="path"/>; never throws for a damaged file (the facts say what is wrong).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static ImageFacts Inspect(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Inspect(stream);
    }

    /// <summary>Inspects a seekable <paramref name="stream"/> from its start.</summary>
    public static ImageFacts Inspect(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var length = stream.Length;
        var format = Sniff(stream);
        if (format is null)
        {
            return new ImageFacts(null, null, null, Complete: false, length, []);
        }

        var damage = format == "png" ? PngChunks.Scan(stream).Damage : JpegSegments.Scan(stream).Damage;
        var complete = EndsWith(stream, format == "png" ? PngTail : JpegTail);
        stream.Position = 0;
        var (width, height) = ReadSize(stream, format);
        return new ImageFacts(format, width, height, complete, length, damage);
    }

    /// <summary>The format named by the stream's first bytes (<c>jpeg</c>, <c>png</c>), or null.</summary>
    internal static string? Sniff(Stream stream)
    {
        Span<byte> head = stackalloc byte[8];
        stream.Position = 0;
        var headLength = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Sniff(head[..headLength]);
    }

    /// <summary>The format named by the file's first bytes (<c>jpeg</c>, <c>png</c>), or null.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head) =>
        head.StartsWith(PngMagic) ? "png" : head.StartsWith(JpegMagic) ? "jpeg" : null;

    private static (int? Width, int? Height) ReadSize(Stream stream, string format)
    {
        try
        {
            var directories = ImageMetadataReader.ReadMetadata(stream);
            if (format == "png")
            {
                var png = directories.OfType<PngDirectory>().FirstOrDefault(d => d.ContainsTag(PngDirectory.TagImageWidth));
                return (Int(png, PngDirectory.TagImageWidth), Int(png, PngDirectory.TagImageHeight));
            }

            var jpeg = directories.OfType<JpegDirectory>().FirstOrDefault();
            return (Int(jpeg, JpegDirectory.TagImageWidth), Int(jpeg, JpegDirectory.TagImageHeight));
        }
        catch (ImageProcessingException)
        {
            return (null, null);
        }
        catch (IOException)
        {
            return (null, null);
        }
    }

    private static int? Int(MetadataExtractor.Directory? directory, int tag) =>
        directory is not null && directory.TryGetInt32(tag, out var value) ? value : null;

    private static bool EndsWith(Stream stream, byte[] tail)
    {
        if (stream.Length < tail.Length)
        {
            return false;
        }

        stream.Seek(-tail.Length, SeekOrigin.End);
        Span<byte> buffer = stackalloc byte[tail.Length];
        stream.ReadExactly(buffer);
        return buffer.SequenceEqual(tail);
    }
}
