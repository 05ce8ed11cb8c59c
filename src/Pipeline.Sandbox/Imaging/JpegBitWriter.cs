using System.Runtime.CompilerServices;

namespace Pipeline.Sandbox.Imaging;

/// <summary>
/// Growable byte sink for a JPEG file: raw marker bytes, plus the entropy-coded segment written MSB first
/// with a 0x00 stuffed after every 0xFF (T.81 F.1.2.3) and padded with 1-bits at the end.
/// </summary>
internal sealed class JpegBitWriter
{
    private byte[] _buffer;
    private int _length;
    private ulong _accumulator;
    private int _bitCount;

    public JpegBitWriter(int initialCapacity) => _buffer = new byte[Math.Max(initialCapacity, 1024)];

    public void WriteByte(byte value)
    {
        if (_length == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        _buffer[_length++] = value;
    }

    public void WriteBytes(ReadOnlySpan<byte> values)
    {
        foreach (var value in values)
        {
            WriteByte(value);
        }
    }

    public void WriteUInt16(int value)
    {
        WriteByte((byte)(value >> 8));
        WriteByte((byte)value);
    }

    /// <summary>Appends a Huffman code followed by the low <paramref name="extraCount"/> bits of <paramref name="extra"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteCode(int code, int codeLength, int extra, int extraCount)
    {
        var bits = ((uint)code << extraCount) | ((uint)extra & ((1u << extraCount) - 1));
        WriteBits((int)bits, codeLength + extraCount);
    }

    /// <summary>Appends the low <paramref name="count"/> bits (≤ 27) of <paramref name="bits"/> to the scan.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteBits(int bits, int count)
    {
        _accumulator = (_accumulator << count) | ((uint)bits & ((1u << count) - 1));
        _bitCount += count;
        while (_bitCount >= 8)
        {
            _bitCount -= 8;
            var value = (byte)(_accumulator >> _bitCount);
            WriteByte(value);
            if (value == 0xFF)
            {
                WriteByte(0x00);
            }
        }
    }

    /// <summary>Pads the last partial byte of the scan with 1-bits (T.81 F.1.2.3).</summary>
    public void FlushBits()
    {
        if (_bitCount > 0)
        {
            WriteBits(0x7F, 8 - _bitCount);
        }

        _accumulator = 0;
    }

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();
}
