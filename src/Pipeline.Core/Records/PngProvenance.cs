using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using Pipeline.Imaging;

namespace Pipeline.Records;

/// <summary>
/// Provenance in a PNG: one <c>iTXt</c> chunk with the keyword <c>pipeline:provenance</c>, uncompressed UTF-8
/// JSON, placed right after IHDR (PNG specification 11.3.4.5; iTXt may go anywhere between IHDR and IEND).
/// No pixel data is touched: removing the chunk restores the provider's bytes exactly.
/// </summary>
internal static class PngProvenance
{
    public const string Keyword = Provenance.Key;

    /// <param name="checkCrc">False when the caller checked every chunk's CRC moments ago.</param>
    public static ProvenanceLayout Locate(Stream stream, bool checkCrc = true)
    {
        var layout = PngChunks.Scan(stream, checkCrc);
        var chunks = layout.Chunks;
        var damage = layout.Damage.ToList();
        if (chunks.Count == 0 || chunks[^1].Type != "IEND")
        {
            damage.Add("truncated: no IEND");
        }

        var records = new List<ByteRange>();
        byte[]? payload = null;
        foreach (var chunk in chunks.Where(c => c.Type == "iTXt"))
        {
            if (ReadText(stream, chunk) is { } text)
            {
                records.Add(new ByteRange(chunk.Offset, chunk.End));
                payload ??= text;
            }
        }

        var insertAt = chunks.Count > 0 && chunks[0].Type == "IHDR" ? chunks[0].End : 0;
        return new ProvenanceLayout(insertAt, records, payload, damage);
    }

    /// <summary>The whole iTXt chunk, CRC included.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> json)
    {
        var data = new byte[Keyword.Length + 5 + json.Length];
        Encoding.Latin1.GetBytes(Keyword, data);
        // After the keyword's NUL: compression flag 0, method 0, empty language tag and translated keyword (each NUL-ended).
        json.CopyTo(data.AsSpan(Keyword.Length + 5));
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        "iTXt"u8.CopyTo(chunk.AsSpan(4));
        data.CopyTo(chunk.AsSpan(8));
        // The CRC covers the chunk type and data (PNG specification 5.3).
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32.HashToUInt32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    /// <summary>The text of an iTXt chunk with our keyword, else null.</summary>
    private static byte[]? ReadText(Stream stream, PngChunk chunk)
    {
        var data = new byte[chunk.Length];
        stream.Position = chunk.Offset + 8;
        stream.ReadExactly(data);
        var keyword = Encoding.Latin1.GetBytes(Keyword + "\0");
        if (!data.AsSpan().StartsWith(keyword) || data.Length < keyword.Length + 2)
        {
            return null;
        }

        var compressed = data[keyword.Length] == 1;
        var rest = data.AsSpan(keyword.Length + 2);
        for (var skip = 0; skip < 2; skip++)
        {
            var nul = rest.IndexOf((byte)0);
            if (nul < 0)
            {
                return null;
            }

            rest = rest[(nul + 1)..];
        }

        return compressed ? Inflate(rest.ToArray()) : rest.ToArray();
    }

    private static byte[] Inflate(byte[] compressed)
    {
        using var input = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
