using System.Buffers.Binary;
using System.IO.Hashing;

namespace Pipeline.Sandbox.Faults;

/// <summary>
/// Damages a PNG's compressed pixels while keeping its container sound: a checker that only reads chunks and their
/// CRCs sees a good file; only inflating the IDAT stream shows the damage.
/// </summary>
internal static class PngDamage
{
    /// <summary>How many deflate bytes <see cref="DamageIdat"/> alters.</summary>
    public const int DamagedByteCount = 32;

    private const int SignatureLength = 8;

    /// <summary>Same length; <see cref="DamagedByteCount"/> bytes from the middle of the IDAT stream on inverted, that chunk's CRC recomputed.</summary>
    /// <exception cref="InvalidDataException">The file has no IDAT chunk.</exception>
    public static byte[] DamageIdat(byte[] png)
    {
        var chunks = Chunks(png).Where(c => c.Type == "IDAT").ToList();
        if (chunks.Count == 0)
        {
            throw new InvalidDataException("No IDAT chunk.");
        }

        var middle = chunks.Sum(c => (long)c.Length) / 2;
        var chunk = chunks[^1];
        foreach (var candidate in chunks)
        {
            if (middle < candidate.Length)
            {
                chunk = candidate;
                break;
            }

            middle -= candidate.Length;
        }

        var damaged = (byte[])png.Clone();
        var data = damaged.AsSpan(chunk.DataOffset, chunk.Length);
        var from = (int)Math.Clamp(middle, 0, Math.Max(0, data.Length - DamagedByteCount));
        foreach (ref var value in data.Slice(from, Math.Min(DamagedByteCount, data.Length - from)))
        {
            value ^= 0xA5;
        }

        var crc = Crc32.HashToUInt32(damaged.AsSpan(chunk.DataOffset - 4, chunk.Length + 4));
        BinaryPrimitives.WriteUInt32BigEndian(damaged.AsSpan(chunk.DataOffset + chunk.Length), crc);
        return damaged;
    }

    /// <summary>Every chunk's type, data offset and data length, in file order.</summary>
    public static IEnumerable<(string Type, int DataOffset, int Length)> Chunks(byte[] png)
    {
        ArgumentNullException.ThrowIfNull(png);
        var offset = SignatureLength;
        while (offset + 12 <= png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            yield return (type, offset + 8, length);
            offset += 12 + length;
        }
    }
}
