using System.Runtime.CompilerServices;

namespace Pipeline.Sandbox.Imaging;

/// <summary>
/// Baseline sequential DCT JPEG (SOF0) with a JFIF APP0 header: 8-bit YCbCr, 4:2:0 chroma subsampling,
/// Annex K quantization tables scaled for <see cref="Quality"/>, the Annex K Huffman tables.
/// Edge MCUs are padded by repeating the last column and row.
/// </summary>
internal static class JpegEncoder
{
    /// <summary>IJG-style quality used for every sandbox JPEG.</summary>
    public const int Quality = 85;

    private static readonly byte[] LumaQuant = JpegTables.ScaleQuantization(JpegTables.LuminanceQuantization, Quality);
    private static readonly byte[] ChromaQuant = JpegTables.ScaleQuantization(JpegTables.ChrominanceQuantization, Quality);
    private static readonly float[] LumaDivisors = Divisors(LumaQuant);
    private static readonly float[] ChromaDivisors = Divisors(ChromaQuant);
    private static readonly HuffmanTable DcLuma = HuffmanTable.Create(JpegTables.DcLuminanceBits, JpegTables.DcLuminanceValues);
    private static readonly HuffmanTable AcLuma = HuffmanTable.Create(JpegTables.AcLuminanceBits, JpegTables.AcLuminanceValues);
    private static readonly HuffmanTable DcChroma = HuffmanTable.Create(JpegTables.DcChrominanceBits, JpegTables.DcChrominanceValues);
    private static readonly HuffmanTable AcChroma = HuffmanTable.Create(JpegTables.AcChrominanceBits, JpegTables.AcChrominanceValues);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static byte[] Encode(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var planes = YCbCrPlanes.From(image);
        var writer = new JpegBitWriter(image.Width * image.Height / 6);
        JpegHeaders.Write(writer, image.Width, image.Height, LumaQuant, ChromaQuant, [DcLuma, AcLuma, DcChroma, AcChroma]);

        Span<float> block = stackalloc float[64];
        Span<int> coefficients = stackalloc int[64];
        int previousY = 0, previousCb = 0, previousCr = 0;
        for (var mcuY = 0; mcuY < planes.LumaHeight; mcuY += 16)
        {
            for (var mcuX = 0; mcuX < planes.LumaWidth; mcuX += 16)
            {
                for (var i = 0; i < 4; i++)
                {
                    LoadBlock(planes.Y, planes.LumaWidth, mcuX + ((i & 1) * 8), mcuY + ((i >> 1) * 8), block);
                    previousY = EncodeBlock(writer, block, coefficients, LumaDivisors, previousY, DcLuma, AcLuma);
                }

                LoadBlock(planes.Cb, planes.ChromaWidth, mcuX / 2, mcuY / 2, block);
                previousCb = EncodeBlock(writer, block, coefficients, ChromaDivisors, previousCb, DcChroma, AcChroma);
                LoadBlock(planes.Cr, planes.ChromaWidth, mcuX / 2, mcuY / 2, block);
                previousCr = EncodeBlock(writer, block, coefficients, ChromaDivisors, previousCr, DcChroma, AcChroma);
            }
        }

        writer.FlushBits();
        writer.WriteBytes([0xFF, 0xD9]); // EOI
        return writer.ToArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LoadBlock(byte[] plane, int stride, int x, int y, Span<float> block)
    {
        for (var row = 0; row < 8; row++)
        {
            var source = plane.AsSpan(((y + row) * stride) + x, 8);
            var target = block.Slice(row * 8, 8);
            for (var column = 0; column < 8; column++)
            {
                target[column] = source[column] - 128f;
            }
        }
    }

    /// <summary>DCT, quantize, and Huffman-code one block; returns its DC value for the next prediction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int EncodeBlock(
        JpegBitWriter writer, Span<float> block, Span<int> coefficients, float[] divisors, int previousDc, HuffmanTable dc, HuffmanTable ac)
    {
        ForwardDct.Transform(block);
        var zigZag = JpegTables.ZigZag;
        for (var k = 0; k < 64; k++)
        {
            var natural = zigZag[k];
            var scaled = block[natural] * divisors[natural];
            coefficients[k] = (int)(scaled < 0 ? scaled - 0.5f : scaled + 0.5f); // round half away from zero
        }

        var diff = coefficients[0] - previousDc;
        var size = BitLength(diff);
        writer.WriteCode(dc.Codes[size], dc.Lengths[size], diff < 0 ? diff - 1 : diff, size);

        var run = 0;
        for (var k = 1; k < 64; k++)
        {
            var value = coefficients[k];
            if (value == 0)
            {
                run++;
                continue;
            }

            while (run > 15)
            {
                writer.WriteBits(ac.Codes[0xF0], ac.Lengths[0xF0]); // ZRL: sixteen zeros
                run -= 16;
            }

            size = BitLength(value);
            var symbol = (run << 4) | size;
            writer.WriteCode(ac.Codes[symbol], ac.Lengths[symbol], value < 0 ? value - 1 : value, size);
            run = 0;
        }

        if (run > 0)
        {
            writer.WriteBits(ac.Codes[0x00], ac.Lengths[0x00]); // EOB
        }

        return coefficients[0];
    }

    private static int BitLength(int value) => 32 - int.LeadingZeroCount(Math.Abs(value));

    private static float[] Divisors(byte[] quant)
    {
        var scale = ForwardDct.ScaleFactors;
        var divisors = new float[64];
        for (var i = 0; i < 64; i++)
        {
            divisors[i] = 1f / (quant[i] * scale[i >> 3] * scale[i & 7] * 8f);
        }

        return divisors;
    }
}
