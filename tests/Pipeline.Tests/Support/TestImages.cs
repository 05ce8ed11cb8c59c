using Pipeline.Sandbox.Imaging;

namespace Pipeline.Tests.Support;

/// <summary>Real JPEG and PNG files from the sandbox's encoders, and damaged copies of them.</summary>
public static class TestImages
{
    public static byte[] Jpeg(int width, int height) => JpegEncoder.Encode(Raster(width, height));

    public static byte[] Png(int width, int height) => PngEncoder.Encode(Raster(width, height));

    private static RgbImage Raster(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i * 7 % 251);
        }

        return new RgbImage(width, height, pixels);
    }
}
