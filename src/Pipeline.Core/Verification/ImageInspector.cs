using MetadataExtractor;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Png;

namespace Pipeline.Verification;

/// <summary>Reads format, pixel size and completeness of an image file with MetadataExtractor and a tail check.</summary>
public static class ImageInspector
{
    private static readonly byte[] PngTail = [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];
    private static readonly byte[] JpegTail = [0xFF, 0xD9];

    /// <summary>Inspects <paramref name="path"/>; never throws for a damaged file (the facts say what is wrong).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static ImageFacts Inspect(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = stream.Length;
        Span<byte> head = stackalloc byte[8];
        var headLength = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var format = Execution.ImageDownloader.Sniff(head[..headLength]);
        if (format is null)
        {
            return new ImageFacts(null, null, null, Complete: false, length);
        }

        var tail = format == "png" ? PngTail : JpegTail;
        var complete = EndsWith(stream, tail);
        stream.Position = 0;
        var (width, height) = ReadSize(stream, format);
        return new ImageFacts(format, width, height, complete, length);
    }

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

    private static bool EndsWith(FileStream stream, byte[] tail)
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
