namespace Pipeline.Imaging.Decoding;

/// <summary>
/// Reads the entropy-coded bits of one scan interval: unstuffs <c>FF 00</c>, stops at the first marker, and past it
/// supplies 1-bits while remembering that they were not in the file, so reading beyond the data is seen
/// (<see cref="Overrun"/>) instead of being silently filled as lenient decoders do.
/// </summary>
/// <remarks>
/// Consuming bits only counts down, and padding is only added by <see cref="Fill"/>, so whether the count fell below
/// the padding is checked there and when asked (<see cref="Overrun"/>), not on every <see cref="Skip"/>.
/// </remarks>
internal ref struct JpegBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private ulong _bits;
    private int _count;
    private int _padBits;
    private bool _atMarker;
    private bool _overrun;

    public JpegBitReader(ReadOnlySpan<byte> data, int start)
    {
        _data = data;
        _position = start;
    }

    /// <summary>Bits were consumed that lie beyond the scan's data (at or past a marker or the end of the file).</summary>
    public readonly bool Overrun => _overrun || _count < _padBits;

    /// <summary>Where the byte after the last loaded data byte is; the marker's <c>FF</c> once the data is exhausted.</summary>
    public readonly int Position => _position;

    /// <summary>Whole bytes of real data loaded but not consumed (bits of the current partial byte excluded).</summary>
    public readonly int UnusedWholeBytes => Math.Max(0, _count - _padBits) / 8;

    public readonly bool AtMarker => _atMarker;

    /// <summary>Bits in the buffer that came from the file (the rest are the 1-bits supplied past a marker); negative once overrun.</summary>
    public readonly int DataBits => _count - _padBits;

    public readonly int Count => _count;

    /// <summary>Tops the buffer up to more than 56 bits. Call when fewer than 32 remain: one symbol and its bits need ≤ 32.</summary>
    public void Fill()
    {
        if (_count < _padBits)
        {
            _overrun = true;
            _padBits = _count;
        }

        var bits = _bits;
        var count = _count;
        var position = _position;
        var data = _data;
        while (count <= 56 && !_atMarker)
        {
            if ((uint)position >= (uint)data.Length)
            {
                _atMarker = true;
                break;
            }

            var b = data[position];
            if (b == 0xFF)
            {
                if (position + 1 < data.Length && data[position + 1] == 0x00)
                {
                    position += 2;
                }
                else
                {
                    _atMarker = true;
                    break;
                }
            }
            else
            {
                position++;
            }

            bits |= (ulong)b << (56 - count);
            count += 8;
        }

        while (count <= 56)
        {
            bits |= 0xFFUL << (56 - count);
            _padBits += 8;
            count += 8;
        }

        _bits = bits;
        _count = count;
        _position = position;
    }

    public readonly int Peek16() => (int)(_bits >> 48);

    public void Skip(int n)
    {
        _bits <<= n;
        _count -= n;
    }

    /// <summary>Reads <paramref name="n"/> (0–16) raw bits as an unsigned number.</summary>
    public int Bits(int n)
    {
        if (n == 0)
        {
            return 0;
        }

        var value = (int)(_bits >> (64 - n));
        Skip(n);
        return value;
    }

    /// <summary>Drops the padding bits of the current byte, then loads until the next marker or a whole unused byte.</summary>
    public void AlignAndFindMarker()
    {
        var partial = Math.Max(0, _count - _padBits) % 8;
        Skip(partial);
        Fill();
    }
}
