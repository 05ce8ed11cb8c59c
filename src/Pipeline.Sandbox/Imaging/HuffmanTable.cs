namespace Pipeline.Sandbox.Imaging;

/// <summary>Encoder view of a JPEG Huffman table: code and length per symbol, built as in T.81 Annex C.</summary>
internal sealed class HuffmanTable
{
    private HuffmanTable(byte[] bits, byte[] values, ushort[] codes, byte[] lengths)
    {
        Bits = bits;
        Values = values;
        Codes = codes;
        Lengths = lengths;
    }

    /// <summary>Number of codes of each length 1–16 (the DHT <c>BITS</c> list).</summary>
    public byte[] Bits { get; }

    /// <summary>Symbols in code order (the DHT <c>HUFFVAL</c> list).</summary>
    public byte[] Values { get; }

    /// <summary>Code per symbol value (index = symbol).</summary>
    public ushort[] Codes { get; }

    /// <summary>Code length per symbol value; 0 where the symbol has no code.</summary>
    public byte[] Lengths { get; }

    public static HuffmanTable Create(ReadOnlySpan<byte> bits, ReadOnlySpan<byte> values)
    {
        if (bits.Length != 16)
        {
            throw new ArgumentException("BITS must list 16 counts.", nameof(bits));
        }

        var codes = new ushort[256];
        var lengths = new byte[256];
        var code = 0;
        var k = 0;
        for (var length = 1; length <= 16; length++)
        {
            for (var i = 0; i < bits[length - 1]; i++)
            {
                var symbol = values[k++];
                codes[symbol] = (ushort)code;
                lengths[symbol] = (byte)length;
                code++;
            }

            code <<= 1;
        }

        if (k != values.Length)
        {
            throw new ArgumentException("BITS and HUFFVAL disagree on the number of symbols.", nameof(values));
        }

        return new HuffmanTable(bits.ToArray(), values.ToArray(), codes, lengths);
    }
}
