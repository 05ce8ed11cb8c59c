namespace Pipeline.Sandbox.Imaging;

/// <summary>Writes the marker segments that precede the scan: SOI, APP0 (JFIF 1.01), DQT, SOF0, DHT, SOS.</summary>
internal static class JpegHeaders
{
    public static void Write(
        JpegBitWriter writer, int width, int height, byte[] lumaQuant, byte[] chromaQuant, HuffmanTable[] dcLumaAcLumaDcChromaAcChroma)
    {
        if (width > ushort.MaxValue || height > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(width), "Baseline JPEG sides are limited to 65535 pixels.");
        }

        writer.WriteBytes([0xFF, 0xD8]); // SOI

        writer.WriteBytes([0xFF, 0xE0]);
        writer.WriteUInt16(16);
        writer.WriteBytes("JFIF\0"u8);
        writer.WriteBytes([1, 1, 0]);   // version 1.01, no density units
        writer.WriteUInt16(1);          // X density
        writer.WriteUInt16(1);          // Y density
        writer.WriteBytes([0, 0]);      // no thumbnail

        WriteQuantization(writer, 0, lumaQuant);
        WriteQuantization(writer, 1, chromaQuant);

        writer.WriteBytes([0xFF, 0xC0]); // SOF0: baseline DCT
        writer.WriteUInt16(8 + (3 * 3));
        writer.WriteByte(8);             // sample precision
        writer.WriteUInt16(height);
        writer.WriteUInt16(width);
        writer.WriteByte(3);
        writer.WriteBytes([1, 0x22, 0]); // Y: 2×2 sampling, table 0
        writer.WriteBytes([2, 0x11, 1]); // Cb: 1×1, table 1
        writer.WriteBytes([3, 0x11, 1]); // Cr: 1×1, table 1

        byte[] classAndId = [0x00, 0x10, 0x01, 0x11]; // DC0, AC0, DC1, AC1
        for (var i = 0; i < 4; i++)
        {
            var table = dcLumaAcLumaDcChromaAcChroma[i];
            writer.WriteBytes([0xFF, 0xC4]);
            writer.WriteUInt16(2 + 1 + 16 + table.Values.Length);
            writer.WriteByte(classAndId[i]);
            writer.WriteBytes(table.Bits);
            writer.WriteBytes(table.Values);
        }

        writer.WriteBytes([0xFF, 0xDA]); // SOS
        writer.WriteUInt16(6 + (2 * 3));
        writer.WriteByte(3);
        writer.WriteBytes([1, 0x00, 2, 0x11, 3, 0x11]);
        writer.WriteBytes([0, 63, 0]);   // Ss, Se, Ah/Al: full spectrum, no approximation
    }

    private static void WriteQuantization(JpegBitWriter writer, byte id, byte[] naturalOrder)
    {
        writer.WriteBytes([0xFF, 0xDB]);
        writer.WriteUInt16(2 + 1 + 64);
        writer.WriteByte(id); // 8-bit precision, table id
        foreach (var natural in JpegTables.ZigZag)
        {
            writer.WriteByte(naturalOrder[natural]);
        }
    }
}
