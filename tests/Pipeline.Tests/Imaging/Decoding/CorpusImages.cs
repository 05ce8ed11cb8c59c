using Pipeline.Imaging.Decoding;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Pipeline.Tests.Imaging.Decoding;

/// <summary>Rasters and encodings for the decoding corpus, made with ImageSharp 2.1.13, and damaged copies of them.</summary>
public static class CorpusImages
{
    public static Image<Rgb24> Photo(int width = 256, int height = 192, int seed = 13)
    {
        var random = new Random(seed);
        var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var r = 128 + (100 * Math.Sin(x / 23.0) * Math.Cos(y / 31.0));
                var g = 255.0 * x / width;
                var b = 255.0 * y / height;
                if (((x - (width / 3)) * (x - (width / 3))) + ((y - (height / 2)) * (y - (height / 2))) < height * height / 25)
                {
                    (r, g, b) = (230, 200, 40);
                }

                var n = random.Next(-6, 7);
                image[x, y] = new Rgb24(Clamp(r + n), Clamp(g + n), Clamp(b + n));
            }
        }

        return image;
    }

    public static Image<Rgb24> Filled(int width, int height, Func<int, int, Rgb24> pixel)
    {
        var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = pixel(x, y);
            }
        }

        return image;
    }

    public static byte[] Jpeg(Image image, JpegColorType? colour = null, int quality = 85)
    {
        using var stream = new MemoryStream();
        image.Save(stream, new JpegEncoder { Quality = quality, ColorType = colour });
        return stream.ToArray();
    }

    public static byte[] Png(Image image, PngColorType? colour = null, PngBitDepth? depth = null)
    {
        using var stream = new MemoryStream();
        image.Save(stream, new PngEncoder { ColorType = colour, BitDepth = depth });
        return stream.ToArray();
    }

    public static byte[] WithOrientation(Image<Rgb24> image, ushort orientation)
    {
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
        return Jpeg(image);
    }

    /// <summary>Offset of the first byte of entropy-coded data after the first SOS segment.</summary>
    public static int ScanStart(byte[] jpeg)
    {
        var position = 2;
        while (true)
        {
            var marker = jpeg[position + 1];
            var length = (jpeg[position + 2] << 8) | jpeg[position + 3];
            position += 2 + length;
            if (marker == 0xDA)
            {
                return position;
            }
        }
    }

    /// <summary>XORs <paramref name="count"/> entropy-coded bytes a third of the way into the scan, keeping every marker intact.</summary>
    public static byte[] FlipScanBytes(byte[] jpeg, int count = 6)
    {
        var copy = (byte[])jpeg.Clone();
        var start = ScanStart(jpeg);
        var position = start + ((jpeg.Length - 2 - start) / 3);
        for (var flipped = 0; flipped < count; position += 7)
        {
            var flippedValue = (byte)(copy[position] ^ 0x5A);
            if (copy[position] != 0xFF && copy[position - 1] != 0xFF && flippedValue != 0xFF)
            {
                copy[position] = flippedValue;
                flipped++;
            }
        }

        return copy;
    }

    /// <summary>The JPEG cut half-way through its (first) scan, with an EOI appended as a careless writer would.</summary>
    public static byte[] CutMidScanWithEoi(byte[] jpeg)
    {
        var start = ScanStart(jpeg);
        var end = start;
        while (!(jpeg[end] == 0xFF && jpeg[end + 1] != 0x00 && jpeg[end + 1] is < 0xD0 or > 0xD7))
        {
            end++;
        }

        var cut = start + ((end - start) / 2);
        return [.. jpeg.AsSpan(0, cut), 0xFF, 0xD9];
    }

    /// <summary>The header of a small JPEG with its SOF patched to promise 2048×2048, then a few hundred bytes of junk and EOI.</summary>
    public static byte[] HugeFrameJunkScan(byte[] jpeg)
    {
        var start = ScanStart(jpeg);
        var header = jpeg.AsSpan(0, start).ToArray();
        var sof = header.AsSpan().IndexOf([(byte)0xFF, (byte)0xC0]);
        header[sof + 5] = 0x08;
        header[sof + 6] = 0x00;
        header[sof + 7] = 0x08;
        header[sof + 8] = 0x00;
        var junk = new byte[400];
        new Random(7).NextBytes(junk);
        for (var i = 0; i < junk.Length; i++)
        {
            junk[i] = junk[i] == 0xFF ? (byte)0x7F : junk[i];
        }

        return [.. header, .. junk, 0xFF, 0xD9];
    }

    /// <summary>Damages the deflate stream in the first IDAT chunk and recomputes the chunk's CRC, so every chunk check passes.</summary>
    public static byte[] DamageIdatKeepCrc(byte[] png)
    {
        var copy = (byte[])png.Clone();
        var idat = copy.AsSpan().IndexOf("IDAT"u8) - 4;
        var length = (copy[idat] << 24) | (copy[idat + 1] << 16) | (copy[idat + 2] << 8) | copy[idat + 3];
        for (var i = length / 2; i < (length / 2) + 8; i++)
        {
            copy[idat + 8 + i] ^= 0xA5;
        }

        var crc = PngCrc.Compute(copy.AsSpan(idat + 4, 4 + length));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(idat + 8 + length), crc);
        return copy;
    }

    /// <summary>A well-formed PNG whose IHDR claims <paramref name="width"/>×<paramref name="height"/> with a token IDAT.</summary>
    public static byte[] PngClaiming(int width, int height)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 2;
        Chunk(stream, "IHDR", ihdr);
        Chunk(stream, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        Chunk(stream, "IEND", []);
        return stream.ToArray();
    }

    public static byte[] Fixture(string name) =>
        File.ReadAllBytes(Path.Combine(Support.Repo.Root, "tests", "Pipeline.Tests", "Imaging", "Decoding", "Fixtures", name));

    private static void Chunk(Stream stream, string type, byte[] data)
    {
        var buffer = new byte[12 + data.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(buffer, data.Length);
        System.Text.Encoding.ASCII.GetBytes(type, buffer.AsSpan(4));
        data.CopyTo(buffer, 8);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8 + data.Length), PngCrc.Compute(buffer.AsSpan(4, 4 + data.Length)));
        stream.Write(buffer);
    }

    private static byte Clamp(double value) => (byte)Math.Clamp((int)value, 0, 255);
}
