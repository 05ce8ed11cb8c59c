namespace Pipeline.Imaging.Decoding;

/// <summary>
/// Reads the entropy-coded bits of one scan interval: unstuffs <c>FF 00</c>, stops at the first marker, and past it
/// supplies 1-bits while remembering that they were not in the file, so reading beyond the data is seen
/// (<see cref="Overrun"/>) instead of being silently filled as lenient decoders do.
/// </summary>
internal ref struct JpegBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private ulong _bits;
    private int _count;
    private int _padBits;
    private bool _atMarker;

    public JpegBitReader(ReadOnlySpan<byte> data, int start)
    {
        _data = data;
        _position = start;
    }

    /// <summary>Bits were consumed that lie beyond the scan's data (at or past a marker or the end of the file).</summary>
    public bool Overrun { get; private set; }

    /// <summary>Where the byte after the last loaded data byte is; the marker's <c>FF</c> once the data is exhausted.</summary>
    public readonly int Position => _position;

    /// <summary>Whole bytes of real data loaded but not consumed (bits of the current partial byte excluded).</summary>
    public readonly int UnusedWholeBytes => Math.Max(0, _count - _padBits) / 8;

    public readonly bool AtMarker => _atMarker;

    /// <summary>Bits in the buffer that came from the file (the rest are the 1-bits supplied past a marker).</summary>
    public readonly int DataBits => _count - _padBits;

    /// <summary>Tops the buffer up to more than 56 bits. Call when fewer than 32 remain: one symbol and its bits need ≤ 32.</summary>
    public void Fill()
    {
        while (_count <= 56)
        {
            if (!_atMarker)
            {
                if (_position >= _data.Length)
                {
                    _atMarker = true;
                    continue;
                }

                var b = _data[_position];
                if (b == 0xFF)
                {
                    if (_position + 1 < _data.Length && _data[_position + 1] == 0x00)
                    {
                        _position += 2;
                    }
                    else
                    {
                        _atMarker = true;
                        continue;
                    }
                }
                else
                {
                    _position++;
                }

                _bits |= (ulong)b << (56 - _count);
            }
            else
            {
                _bits |= 0xFFUL << (56 - _count);
                _padBits += 8;
            }

            _count += 8;
        }
    }

    public readonly int Count => _count;

    public readonly int Peek16() => (int)(_bits >> 48);

    public void Skip(int n)
    {
        _bits <<= n;
        _count -= n;
        if (_count < _padBits)
        {
            Overrun = true;
            _padBits = _count;
        }
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
