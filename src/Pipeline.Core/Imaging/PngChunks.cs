using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Pipeline.Imaging;

/// <summary>One chunk of a PNG file: its type, where it starts (its length field) and whether its CRC is right.</summary>
/// <param name="Length">Bytes of data (the chunk occupies <c>12 + Length</c> bytes).</param>
internal readonly record struct PngChunk(string Type, long Offset, int Length, bool CrcValid)
{
    public long End => Offset + 12 + Length;
}

/// <summary>The chunks of a PNG file as far as they could be read, and what is wrong with them.</summary>
internal sealed record PngLayout(IReadOnlyList<PngChunk> Chunks, IReadOnlyList<string> Damage);

/// <summary>Walks the chunks of a PNG file and checks every CRC (PNG specification, section 5.3).</summary>
internal static class PngChunks
{
    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Reads every chunk of <paramref name="stream"/> (a PNG from its signature). A file that simply ends between
    /// chunks is not reported here: a missing IEND is the caller's completeness check.
    /// </summary>
    /// <param name="checkCrc">False when the bytes were checked moments ago: only the chunk boundaries are read.</param>
    public static PngLayout Scan(Stream stream, bool checkCrc = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var chunks = new List<PngChunk>();
        var damage = new List<string>();
        var buffer = checkCrc ? ArrayPool<byte>.Shared.Rent(81920) : [];
        Span<byte> head = stackalloc byte[8];
        Span<byte> stored = stackalloc byte[4];
        var crc = new Crc32();
        stream.Position = Signature.Length;
        while (true)
        {
            var offset = stream.Position;
            var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            if (read == 0)
            {
                break;
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(head);
            var type = Encoding.ASCII.GetString(head[4..]);
            if (read < head.Length || !IsChunkType(head[4..]) || length > int.MaxValue)
            {
                damage.Add(read < head.Length ? $"truncated: chunk header at byte {offset} cut short" : $"corrupt chunk header at byte {offset}");
                break;
            }

            if (offset + 12 + length > stream.Length)
            {
                damage.Add($"truncated: {type} chunk at byte {offset} cut short");
                break;
            }

            var valid = true;
            if (checkCrc)
            {
                crc.Reset();
                crc.Append(head[4..]);
                for (var remaining = (int)length; remaining > 0;)
                {
                    var n = stream.Read(buffer, 0, Math.Min(buffer.Length, remaining));
                    crc.Append(buffer.AsSpan(0, n));
                    remaining -= n;
                }

                stream.ReadExactly(stored);
                valid = BinaryPrimitives.ReadUInt32BigEndian(stored) == crc.GetCurrentHashAsUInt32();
            }
            else
            {
                stream.Position = offset + 12 + length;
            }

            chunks.Add(new PngChunk(type, offset, (int)length, valid));
            if (!valid)
            {
                damage.Add($"CRC mismatch in {type} chunk at byte {offset}");
            }

            if (type == "IEND")
            {
                break;
            }
        }

        if (checkCrc)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (chunks.Count > 0 && chunks[0].Type != "IHDR")
        {
            damage.Add("first chunk is not IHDR");
        }

        return new PngLayout(chunks, damage);
    }

    /// <summary>Chunk types are four ASCII letters.</summary>
    private static bool IsChunkType(ReadOnlySpan<byte> type)
    {
        foreach (var b in type)
        {
            if (b is not (>= (byte)'A' and <= (byte)'Z') and not (>= (byte)'a' and <= (byte)'z'))
            {
                return false;
            }
        }

        return true;
    }
}
