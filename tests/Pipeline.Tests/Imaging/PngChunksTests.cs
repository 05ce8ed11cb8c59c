using System.Buffers.Binary;
using System.IO.Hashing;
using Pipeline.Imaging;
using Pipeline.Records;

namespace Pipeline.Tests.Imaging;

/// <summary>PNG chunk CRCs are CRC-32/ISO-HDLC over type and data (PNG specification 5.3 and annex D).</summary>
public sealed class PngChunksTests
{
    [Fact]
    public void Scan_IendWithTheSpecificationCrc_IsValid()
    {
        // An IEND chunk's CRC is fixed by the specification: AE 42 60 82.
        var layout = PngChunks.Scan(Png([0, 0, 0, 0, .. "IEND"u8, 0xAE, 0x42, 0x60, 0x82]));

        Assert.True(Assert.Single(layout.Chunks).CrcValid);
    }

    [Fact]
    public void Scan_OneFlippedDataByte_FailsTheCrc()
    {
        var chunk = Chunk("tEXt", "Comment\0brand asset pipeline"u8);
        chunk[10] ^= 0x01;

        var layout = PngChunks.Scan(Png(chunk));

        Assert.False(Assert.Single(layout.Chunks).CrcValid);
    }

    [Fact]
    public void Scan_ProvenanceChunk_CarriesAValidCrc()
    {
        var layout = PngChunks.Scan(Png(PngProvenance.Encode("{\"run_id\":\"r\"}"u8)));

        Assert.True(Assert.Single(layout.Chunks).CrcValid);
    }

    private static byte[] Chunk(string type, ReadOnlySpan<byte> data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        System.Text.Encoding.ASCII.GetBytes(type, chunk.AsSpan(4));
        data.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32.HashToUInt32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    private static MemoryStream Png(byte[] chunks) => new([.. PngChunks.Signature, .. chunks]);
}
