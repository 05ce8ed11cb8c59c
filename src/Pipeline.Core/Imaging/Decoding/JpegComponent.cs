namespace Pipeline.Imaging.Decoding;

/// <summary>One colour component of a JPEG frame and its block grid (ITU T.81, A.2).</summary>
internal sealed class JpegComponent(byte id, int horizontal, int vertical, int quantTable)
{
    public byte Id { get; } = id;

    public int QuantTable { get; } = quantTable;

    /// <summary>The DC quantizer in force for the current scan; 0 when no table was defined (no range check).</summary>
    public int DcQuantizer { get; set; }

    /// <summary>The running DC value of the current scan (differences are coded, T.81 F.1.2.1).</summary>
    public int DcPredictor { get; set; }

    public int Horizontal { get; } = horizontal;

    public int Vertical { get; } = vertical;

    /// <summary>Blocks per line and column that hold picture (a non-interleaved scan codes exactly these).</summary>
    public int BlocksWide { get; private set; }

    public int BlocksHigh { get; private set; }

    /// <summary>Blocks per line of the MCU-padded grid (an interleaved scan codes these).</summary>
    public int PaddedBlocksWide { get; private set; }

    /// <summary>Per block, which zig-zag coefficients are non-zero so far; only kept for progressive frames.</summary>
    public ulong[]? NonZero { get; private set; }

    public void Layout(JpegFrame frame, bool progressive)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var width = (frame.Width * Horizontal + frame.MaxHorizontal - 1) / frame.MaxHorizontal;
        var height = (frame.Height * Vertical + frame.MaxVertical - 1) / frame.MaxVertical;
        BlocksWide = (width + 7) / 8;
        BlocksHigh = (height + 7) / 8;
        PaddedBlocksWide = frame.McusWide * Horizontal;
        if (progressive)
        {
            NonZero = new ulong[(long)PaddedBlocksWide * frame.McusHigh * Vertical];
        }
    }
}
