using Pipeline.Sandbox.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Pipeline.Tests.Support;

/// <summary>Real JPEG and PNG files from the sandbox's encoder, and the rasters behind them.</summary>
public static class TestImages
{
    public static byte[] Jpeg(int width, int height) => Encode(Raster(width, height), ImageFormat.Jpeg);

    public static byte[] Png(int width, int height) => Encode(Raster(width, height), ImageFormat.Png);

    /// <summary>A busy, deterministic raster: every channel byte differs from its neighbours.</summary>
    public static Image<Rgb24> Raster(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i * 7 % 251);
        }

        return Image.LoadPixelData<Rgb24>(pixels, width, height);
    }

    private static byte[] Encode(Image<Rgb24> image, ImageFormat format)
    {
        using (image)
        {
            return SampleEncoder.Encode(image, format);
        }
    }
}
