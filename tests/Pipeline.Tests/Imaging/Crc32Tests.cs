using System.IO.Compression;
using Pipeline.Verification;
using Pipeline.Imaging;

namespace Pipeline.Tests.Imaging;

/// <summary>The sliced CRC-32 agrees with the PNG specification's check value and with the byte-at-a-time form.</summary>
public sealed class Crc32Tests
{
    [Fact]
    public void Update_CheckString_GivesTheCatalogueValue()
    {
        // CRC-32/ISO-HDLC check value for "123456789" (the value PNG and zlib use).
        Assert.Equal(0xCBF43926u, Crc32.Finish(Crc32.Update(Crc32.Seed, "123456789"u8)));
    }

    [Fact]
    public void Update_AnyLengthAndSplit_MatchesByteAtATime()
    {
        var random = new Random(7);
        foreach (var length in new[] { 0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000, 4099 })
        {
            var data = new byte[length];
            random.NextBytes(data);
            var split = length / 3;

            var sliced = Crc32.Finish(Crc32.Update(Crc32.Update(Crc32.Seed, data.AsSpan(0, split)), data.AsSpan(split)));

            Assert.Equal(ByteAtATime(data), sliced);
        }
    }

    [Fact]
    public void OfChunk_RealPngChunk_MatchesTheCrcStoredByZlibWriters()
    {
        // An IEND chunk's CRC is fixed by the specification: AE 42 60 82.
        Assert.Equal(0xAE426082u, Crc32.OfChunk("IEND"u8, []));
        // And the CRC zlib computes for a gzip member (same polynomial) of the same bytes.
        var data = "brand asset pipeline"u8.ToArray();
        using var gzip = new MemoryStream();
        using (var writer = new GZipStream(gzip, CompressionLevel.Fastest, leaveOpen: true))
        {
            writer.Write(data);
        }

        var member = gzip.ToArray();
        Assert.Equal(BitConverter.ToUInt32(member, member.Length - 8), Crc32.Finish(Crc32.Update(Crc32.Seed, data)));
    }

    private static uint ByteAtATime(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
