using MetadataExtractor;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Png;

namespace Pipeline.Tests.Sandbox;

/// <summary>Reads an encoded image's format and size with MetadataExtractor, independent of the sandbox's own code.</summary>
internal static class ImageProbe
{
    public static (string Format, int Width, int Height) Read(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        var directories = ImageMetadataReader.ReadMetadata(stream);
        if (directories.OfType<JpegDirectory>().FirstOrDefault() is { } jpeg)
        {
            Assert.EndsWith("FF-D9", BitConverter.ToString(bytes[^2..]), StringComparison.Ordinal);
            return ("jpeg", jpeg.GetInt32(JpegDirectory.TagImageWidth), jpeg.GetInt32(JpegDirectory.TagImageHeight));
        }

        var png = directories.OfType<PngDirectory>().First(d => d.ContainsTag(PngDirectory.TagImageWidth));
        Assert.Equal("IEND"u8.ToArray(), bytes[^8..^4]);
        return ("png", png.GetInt32(PngDirectory.TagImageWidth), png.GetInt32(PngDirectory.TagImageHeight));
    }
}
