using System.Buffers.Binary;

namespace Pipeline.Sandbox.Faults;

/// <summary>
/// Damages the scan of a baseline JPEG (one SOS, ended by EOI) the ways a broken render or transfer does, leaving
/// the headers alone. No change creates a 0xFF byte, so no new marker appears inside the entropy-coded data.
/// </summary>
internal static class JpegDamage
{
    /// <summary>How many scan bytes <see cref="CorruptScan"/> flips.</summary>
    public const int FlippedByteCount = 8;

    /// <summary>Length of the junk <see cref="JunkScan"/> puts in place of the scan.</summary>
    public const int JunkByteCount = 384;

    /// <summary>Same length, with <see cref="FlippedByteCount"/> bytes from the middle of the scan on altered.</summary>
    public static byte[] CorruptScan(byte[] jpeg)
    {
        var (start, end) = Scan(jpeg);
        var damaged = (byte[])jpeg.Clone();
        var position = start + ((end - start) / 2);
        for (var flipped = 0; flipped < FlippedByteCount && position < end - 1; position += 97)
        {
            // Skip 0xFF and the byte after it (a stuffed zero): changing either would make or break a marker.
            if (damaged[position] == 0xFF || damaged[position - 1] == 0xFF)
            {
                continue;
            }

            var value = (byte)(damaged[position] ^ 0x55);
            damaged[position] = value == 0xFF ? (byte)(damaged[position] ^ 0x33) : value;
            flipped++;
        }

        return damaged;
    }

    /// <summary>Headers and the first half of the scan, then EOI.</summary>
    public static byte[] TruncatedScan(byte[] jpeg)
    {
        var (start, end) = Scan(jpeg);
        var cut = start + ((end - start) / 2);
        while (jpeg[cut - 1] == 0xFF)
        {
            cut--; // no dangling marker prefix before the appended EOI
        }

        return [.. jpeg.AsSpan(0, cut), 0xFF, 0xD9];
    }

    /// <summary>Headers (the frame still promises the full size), <see cref="JunkByteCount"/> bytes of junk, then EOI.</summary>
    public static byte[] JunkScan(byte[] jpeg)
    {
        var (start, _) = Scan(jpeg);
        var damaged = new byte[start + JunkByteCount + 2];
        jpeg.AsSpan(0, start).CopyTo(damaged);
        for (var i = 0; i < JunkByteCount; i++)
        {
            damaged[start + i] = (byte)(((i * 167) + 13) % 255); // never 0xFF
        }

        damaged[^2] = 0xFF;
        damaged[^1] = 0xD9;
        return damaged;
    }

    /// <summary>Offsets of the first entropy-coded byte (after the SOS header) and of the final EOI.</summary>
    /// <exception cref="InvalidDataException">No SOS segment, or the file does not end with EOI.</exception>
    public static (int Start, int End) Scan(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8 || jpeg[^2] != 0xFF || jpeg[^1] != 0xD9)
        {
            throw new InvalidDataException("Not a JPEG from SOI to EOI.");
        }

        var i = 2;
        while (i + 4 <= jpeg.Length && jpeg[i] == 0xFF)
        {
            var marker = jpeg[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(i + 2)..]);
            if (marker == 0xDA)
            {
                return (i + 2 + length, jpeg.Length - 2);
            }

            i += 2 + length;
        }

        throw new InvalidDataException("No SOS segment before the entropy-coded data.");
    }
}
