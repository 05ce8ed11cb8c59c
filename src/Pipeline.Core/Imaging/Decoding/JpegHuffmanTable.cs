namespace Pipeline.Imaging.Decoding;

/// <summary>
/// One DHT table as a decoder: a 10-bit lookup for short codes and the canonical max-code per length for the rest
/// (ITU T.81, annex C and F.2.2.3). A bit pattern matching no code is reported, never guessed. Each lookup entry also
/// says how many bits the code and the magnitude bits after it take together when both fit in the lookahead, so the
/// walk passes most AC coefficients with one lookup and one shift.
/// </summary>
internal sealed class JpegHuffmanTable
{
    /// <summary>Bits of lookahead: 1,024 two-byte entries stay in the L1 cache.</summary>
    public const int LookupBits = 10;

    private const int LengthShift = 8;
    private const int TotalShift = 12;

    // Per lookahead pattern: symbol (bits 0–7), code length (8–11, 0 when the code is longer than the lookahead),
    // code length plus the symbol's magnitude bits (12–15, 0 when they do not fit).
    private readonly ushort[] _lookup = new ushort[1 << LookupBits];
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
                    var total = length + (symbols[k] & 15);
                    var entry = symbols[k] | (length << LengthShift) | (total <= LookupBits ? total << TotalShift : 0);
                    table._lookup.AsSpan(code << shift, 1 << shift).Fill((ushort)entry);
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

    /// <summary>
    /// Passes one symbol and, when they fit in the lookahead, its magnitude bits; returns the symbol, -1 when the next
    /// bits match no code. <paramref name="magnitudeRead"/> says whether the magnitude bits were passed too (the caller
    /// skips them otherwise). The reader must hold at least 16 bits.
    /// </summary>
    public int DecodeWithMagnitude(ref JpegBitReader reader, out bool magnitudeRead)
    {
        int entry = _lookup[reader.Peek16() >> (16 - LookupBits)];
        var total = entry >> TotalShift;
        if (total != 0)
        {
            magnitudeRead = true;
            reader.Skip(total);
            return entry & 0xFF;
        }

        magnitudeRead = false;
        return Decode(ref reader, entry);
    }

    /// <summary>Decodes one symbol; -1 when the next bits match no code. The reader must hold at least 16 bits.</summary>
    public int Decode(ref JpegBitReader reader) => Decode(ref reader, _lookup[reader.Peek16() >> (16 - LookupBits)]);

    private int Decode(ref JpegBitReader reader, int entry)
    {
        var length = (entry >> LengthShift) & 15;
        if (length != 0)
        {
            reader.Skip(length);
            return entry & 0xFF;
        }

        var peek = reader.Peek16();
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
