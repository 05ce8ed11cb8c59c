using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Pipeline.Sandbox.Imaging;

namespace Pipeline.Tests.Sandbox;

public sealed class PngEncoderTests
{
    [Fact]
    public void Encode_AnyImage_EveryChunkCrcIsValidAndIendIsLast()
    {
        var png = PngEncoder.Encode(Gradient(300, 97));

        var chunks = ReadChunks(png);

        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal("IEND", chunks[^1].Type);
        Assert.Empty(chunks[^1].Data);
        Assert.All(chunks, c => Assert.Equal(c.StoredCrc, Crc32.Compute([.. Encoding.ASCII.GetBytes(c.Type), .. c.Data])));
    }

    [Fact]
    public void Encode_AnyImage_HeaderIs8BitTruecolourOfTheImageSize()
    {
        var png = PngEncoder.Encode(Gradient(300, 97));

        var header = ReadChunks(png)[0].Data;

        Assert.Equal(300, BinaryPrimitives.ReadInt32BigEndian(header));
        Assert.Equal(97, BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)));
        Assert.Equal(new byte[] { 8, 2, 0, 0, 0 }, header[8..]);
        Assert.Equal(("png", 300, 97), ImageProbe.Read(png));
    }

    [Fact]
    public void Encode_AnyImage_IdatInflatesAndUnfiltersToTheOriginalPixels()
    {
        var image = Gradient(131, 41);
        var png = PngEncoder.Encode(image);

        var idat = ReadChunks(png).Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray();
        using var inflater = new ZLibStream(new MemoryStream(idat), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflater.CopyTo(raw);

        Assert.Equal(image.Pixels, Unfilter(raw.ToArray(), image.Width, image.Height));
    }

    [Fact]
    public void Compute_KnownInput_MatchesTheStandardCheckValue()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
    }

    internal static RgbImage Gradient(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((i * 7) ^ (i / 311));
        }

        return new RgbImage(width, height, pixels);
    }

    private static List<(string Type, byte[] Data, uint StoredCrc)> ReadChunks(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var chunks = new List<(string, byte[], uint)>();
        var offset = 8;
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png[(offset + 8)..(offset + 8 + length)];
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            chunks.Add((type, data, crc));
            offset += 12 + length;
        }

        Assert.Equal(png.Length, offset);
        return chunks;
    }

    private static byte[] Unfilter(byte[] raw, int width, int height)
    {
        var stride = width * 3;
        var pixels = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            Assert.Equal(1, raw[y * (stride + 1)]); // filter type Sub
            for (var i = 0; i < stride; i++)
            {
                var left = i >= 3 ? pixels[(y * stride) + i - 3] : 0;
                pixels[(y * stride) + i] = (byte)(raw[(y * (stride + 1)) + 1 + i] + left);
            }
        }

        return pixels;
    }
}
