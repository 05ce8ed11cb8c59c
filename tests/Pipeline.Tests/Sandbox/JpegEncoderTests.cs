using System.Buffers.Binary;
using Pipeline.Sandbox.Imaging;

namespace Pipeline.Tests.Sandbox;

public sealed class JpegEncoderTests
{
    [Theory]
    [InlineData(3136, 1344)]
    [InlineData(13, 7)]
    [InlineData(1000, 750)]
    public void Encode_AnySize_StartsWithSoiJfifEndsWithEoiAndSof0HasTheSize(int width, int height)
    {
        var jpeg = JpegEncoder.Encode(PngEncoderTests.Gradient(width, height));

        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, jpeg[..4]);
        Assert.Equal("JFIF\0"u8.ToArray(), jpeg[6..11]);
        Assert.Equal(new byte[] { 0xFF, 0xD9 }, jpeg[^2..]);
        var sof = FindMarker(jpeg, 0xC0);
        Assert.Equal(8, jpeg[sof + 4]);
        Assert.Equal(height, BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(sof + 5)));
        Assert.Equal(width, BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(sof + 7)));
        Assert.Equal(("jpeg", width, height), ImageProbe.Read(jpeg));
    }

    [Fact]
    public void Encode_AnyImage_ScanStuffsEveryFFByte()
    {
        var jpeg = JpegEncoder.Encode(PngEncoderTests.Gradient(256, 128));

        var scanStart = FindMarker(jpeg, 0xDA);
        var scanLength = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(scanStart + 2));
        var scan = jpeg[(scanStart + 2 + scanLength)..^2];

        for (var i = 0; i < scan.Length; i++)
        {
            if (scan[i] == 0xFF)
            {
                Assert.Equal(0x00, scan[i + 1]);
            }
        }
    }

    [Fact]
    public void Encode_SameImageTwice_IdenticalBytes()
    {
        var image = PngEncoderTests.Gradient(200, 120);

        Assert.Equal(JpegEncoder.Encode(image), JpegEncoder.Encode(image));
    }

    [Fact]
    public void ScaleQuantization_Quality85_ScalesLikeIjg()
    {
        var table = JpegTables.ScaleQuantization(JpegTables.LuminanceQuantization, 85);

        Assert.Equal(5, table[0]);   // (16 * 30 + 50) / 100
        Assert.Equal(30, table[63]); // (99 * 30 + 50) / 100
    }

    [Fact]
    public void Create_AnnexKTables_AssignEverySymbolACode()
    {
        var ac = HuffmanTable.Create(JpegTables.AcLuminanceBits, JpegTables.AcLuminanceValues);

        Assert.Equal(162, ac.Values.Length);
        Assert.Equal(162, ac.Values.Distinct().Count());
        Assert.Equal(4, ac.Lengths[0x00]);  // EOB is 1010
        Assert.Equal(0b1010, ac.Codes[0x00]);
        Assert.Equal(11, ac.Lengths[0xF0]); // ZRL is 11111111001
    }

    private static int FindMarker(byte[] jpeg, byte marker)
    {
        var i = 2;
        while (jpeg[i + 1] != marker)
        {
            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
        }

        return i;
    }
}
