namespace Pipeline.Imaging;

/// <summary>
/// CRC-32 (ISO-HDLC, polynomial 0xEDB88320) as PNG chunks use it (PNG specification, annex D), computed eight
/// bytes at a time with eight tables ("slicing-by-8"): every chunk of every result is checked, so a 12 MB PNG
/// should cost milliseconds, not tens of them. System.IO.Hashing is not on the package mirror.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Tables = BuildTables();

    /// <summary>The starting value of a running CRC.</summary>
    public const uint Seed = 0xFFFFFFFFu;

    /// <summary>Continues a running CRC; start with <see cref="Seed"/> and end with <see cref="Finish"/>.</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        var t = Tables.AsSpan();
        while (data.Length >= 8)
        {
            var low = crc ^ (uint)(data[0] | (data[1] << 8) | (data[2] << 16) | (data[3] << 24));
            var high = (uint)(data[4] | (data[5] << 8) | (data[6] << 16) | (data[7] << 24));
            crc = t[(7 * 256) + (int)(low & 0xFF)]
                ^ t[(6 * 256) + (int)((low >> 8) & 0xFF)]
                ^ t[(5 * 256) + (int)((low >> 16) & 0xFF)]
                ^ t[(4 * 256) + (int)(low >> 24)]
                ^ t[(3 * 256) + (int)(high & 0xFF)]
                ^ t[(2 * 256) + (int)((high >> 8) & 0xFF)]
                ^ t[256 + (int)((high >> 16) & 0xFF)]
                ^ t[(int)(high >> 24)];
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = t[(int)((crc ^ b) & 0xFF)] ^ (crc >> 8);
        }

        return crc;
    }

    public static uint Finish(uint crc) => crc ^ 0xFFFFFFFFu;

    /// <summary>The CRC a PNG chunk carries: over its type and its data.</summary>
    public static uint OfChunk(ReadOnlySpan<byte> type, ReadOnlySpan<byte> data) => Finish(Update(Update(Seed, type), data));

    /// <summary>Table k gives the CRC of a byte followed by k zero bytes; table 0 is the specification's table.</summary>
    private static uint[] BuildTables()
    {
        var tables = new uint[8 * 256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            tables[n] = c;
        }

        for (var n = 0; n < 256; n++)
        {
            for (var k = 1; k < 8; k++)
            {
                var previous = tables[((k - 1) * 256) + n];
                tables[(k * 256) + n] = tables[(int)(previous & 0xFF)] ^ (previous >> 8);
            }
        }

        return tables;
    }
}
