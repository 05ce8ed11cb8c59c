namespace Pipeline.Imaging.Decoding;

/// <summary>
/// One DHT table as a decoder: a 9-bit lookup for short codes and the canonical max-code per length for the rest
/// (ITU T.81, annex C and F.2.2.3). A bit pattern matching no code is reported, never guessed.
/// </summary>
internal sealed class JpegHuffmanTable
{
    private const int LookupBits = 9;

    private readonly byte[] _lookupLength = new byte[1 << LookupBits];
    private readonly byte[] _lookupSymbol = new byte[1 << LookupBits];
    private readonly int[] _maxCode = new int[17];
    private readonly int[] _valueOffset = new int[17];
    private readonly byte[] _values;

    private JpegHuffmanTable(byte[] values) => _values = values;

    /// <summary>Builds the table from the 16 code-length counts and the symbols; null when the counts overflow.</summary>
    public static JpegHuffmanTable? Build(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        var table = new JpegHuffmanTable(symbols.ToArray());
        var code = 0;
        var k = 0;
        for (var length = 1; length <= 16; length++)
        {
            int count = counts[length - 1];
            table._valueOffset[length] = k - code;
            for (var i = 0; i < count; i++, code++, k++)
            {
                if (length <= LookupBits)
                {
                    var shift = LookupBits - length;
                    var first = code << shift;
                    table._lookupLength.AsSpan(first, 1 << shift).Fill((byte)length);
                    table._lookupSymbol.AsSpan(first, 1 << shift).Fill(symbols[k]);
                }
            }

            table._maxCode[length] = count == 0 ? -1 : code - 1;
            if (count > 0 && code >= 1 << length)
            {
                return null; // more codes than the length allows, or an all-ones code (reserved, T.81 C.2)
            }

            code <<= 1;
        }

        return table;
    }

    /// <summary>Decodes one symbol; -1 when the next bits match no code. The reader must hold at least 16 bits.</summary>
    public int Decode(ref JpegBitReader reader)
    {
        var peek = reader.Peek16();
        var index = peek >> (16 - LookupBits);
        int length = _lookupLength[index];
        if (length != 0)
        {
            reader.Skip(length);
            return _lookupSymbol[index];
        }

        for (length = LookupBits + 1; length <= 16; length++)
        {
            var code = peek >> (16 - length);
            if (code <= _maxCode[length])
            {
                reader.Skip(length);
                return _values[_valueOffset[length] + code];
            }
        }

        return -1;
    }
}
