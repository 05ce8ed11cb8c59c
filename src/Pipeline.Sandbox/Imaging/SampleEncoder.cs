using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Pipeline.Sandbox.Imaging;

/// <summary>
/// Encodes sandbox images with every setting that shapes the bytes pinned, so one spec always gives the same file:
/// baseline JPEG at quality 85 with 4:2:0 chroma (what the FLUX hosts send); 8-bit RGB PNG, unfiltered, at the fastest
/// deflate level, no interlace, no ancillary chunks (ImageSharp's managed deflate is the slow part of a PNG, and on
/// these banded images no filter is both faster and smaller than Sub). A fresh image carries no metadata (no EXIF, no
/// time), so nothing but the pixels reaches the file.
/// </summary>
internal static class SampleEncoder
{
    /// <summary>IJG-style quality of every sandbox JPEG.</summary>
    public const int JpegQuality = 85;

    private static readonly JpegEncoder Jpeg = new() { Quality = JpegQuality, ColorType = JpegColorType.YCbCrRatio420 };

    private static readonly PngEncoder Png = new()
    {
        ColorType = PngColorType.Rgb,
        BitDepth = PngBitDepth.Bit8,
        FilterMethod = PngFilterMethod.None,
        CompressionLevel = PngCompressionLevel.BestSpeed,
        InterlaceMethod = PngInterlaceMode.None,
        ChunkFilter = PngChunkFilter.ExcludeAll,
        IgnoreMetadata = true,
    };

    public static byte[] Encode(Image<Rgb24> image, ImageFormat format)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var output = new MemoryStream(image.Width * image.Height / (format == ImageFormat.Png ? 3 : 6));
        image.Save(output, format == ImageFormat.Png ? Png : Jpeg);
        return output.ToArray();
    }
}
