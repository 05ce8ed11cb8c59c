using System.Buffers.Binary;
using System.IO.Hashing;
using Pipeline.Sandbox.Faults;
using Pipeline.Sandbox.Imaging;
using Pipeline.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Pipeline.Tests.Sandbox;

public sealed class SampleEncoderTests
{
    [Theory]
    [InlineData(3136, 1344)]
    [InlineData(13, 7)]
    [InlineData(1000, 750)]
    public void Encode_Jpeg_BaselineJfifOfTheImageSizeThatImageSharpDecodes(int width, int height)
    {
        var jpeg = TestImages.Jpeg(width, height);

        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, jpeg[..4]);
        Assert.Equal("JFIF\0"u8.ToArray(), jpeg[6..11]);
        Assert.Equal(new byte[] { 0xFF, 0xD9 }, jpeg[^2..]);
        Assert.Equal(("jpeg", width, height), ImageProbe.Read(jpeg));
        using var decoded = Image.Load<Rgb24>(jpeg, out var format);
        Assert.IsType<JpegFormat>(format);
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void Encode_Jpeg_FrameIsSof0With420Chroma()
    {
        var jpeg = TestImages.Jpeg(64, 48);

        var sof = Segment(jpeg, 0xC0);

        Assert.Equal(3, jpeg[sof + 9]);      // components
        Assert.Equal(0x22, jpeg[sof + 11]);  // Y sampled 2x2: chroma at 4:2:0
        Assert.Equal(0x11, jpeg[sof + 14]);
    }

    [Fact]
    public void Encode_Png_EightBitTruecolourWithValidCrcsAndNoAncillaryChunks()
    {
        var png = TestImages.Png(300, 97);

        var chunks = PngDamage.Chunks(png).ToList();

        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal("IEND", chunks[^1].Type);
        Assert.All(chunks, c => Assert.Contains(c.Type, new[] { "IHDR", "IDAT", "IEND" }));
        Assert.All(chunks, c => Assert.Equal(StoredCrc(png, c.DataOffset, c.Length), Crc32.HashToUInt32(png.AsSpan(c.DataOffset - 4, c.Length + 4))));
        Assert.Equal(new byte[] { 8, 2, 0, 0, 0 }, png.AsSpan(chunks[0].DataOffset + 8, 5).ToArray());
        Assert.Equal(("png", 300, 97), ImageProbe.Read(png));
    }

    [Fact]
    public void Encode_Png_DecodesToTheOriginalPixels()
    {
        using var image = TestImages.Raster(131, 41);
        var png = SampleEncoder.Encode(image, ImageFormat.Png);

        using var decoded = Image.Load<Rgb24>(png, out var format);

        Assert.IsType<PngFormat>(format);
        Assert.Equal(Pixels(image), Pixels(decoded));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Encode_SameImageTwice_IdenticalBytes(bool png)
    {
        using var image = TestImages.Raster(200, 120);
        var format = png ? ImageFormat.Png : ImageFormat.Jpeg;

        Assert.Equal(SampleEncoder.Encode(image, format), SampleEncoder.Encode(image, format));
    }

    internal static int Segment(byte[] jpeg, byte marker)
    {
        var i = 2;
        while (jpeg[i + 1] != marker)
        {
            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
        }

        return i;
    }

    internal static uint StoredCrc(byte[] png, int dataOffset, int length) => BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(dataOffset + length));

    private static byte[] Pixels(Image<Rgb24> image)
    {
        var pixels = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }
}
