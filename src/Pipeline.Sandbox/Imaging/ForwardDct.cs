using System.Runtime.CompilerServices;

namespace Pipeline.Sandbox.Imaging;

/// <summary>
/// The Arai–Agui–Nakajima scaled float DCT (as in IJG <c>jfdctflt.c</c>): 5 multiplies per 8-point pass,
/// rows then columns. The outputs are scaled by <see cref="ScaleFactors"/>[u]·[v]·8; the encoder folds that
/// scaling into its quantization divisors.
/// </summary>
internal static class ForwardDct
{
    /// <summary>AAN scale factor per frequency: 1 for k = 0, else cos(kπ/16)·√2.</summary>
    public static ReadOnlySpan<float> ScaleFactors =>
        [1.0f, 1.387039845f, 1.306562965f, 1.175875602f, 1.0f, 0.785694958f, 0.541196100f, 0.275899379f];

    /// <summary>Transforms an 8×8 block in place (row-major, level-shifted samples).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transform(Span<float> block)
    {
        for (var row = 0; row < 64; row += 8)
        {
            Pass(block.Slice(row, 8), 1);
        }

        for (var column = 0; column < 8; column++)
        {
            Pass(block[column..], 8);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.AggressiveInlining)]
    private static void Pass(Span<float> d, int step)
    {
        var tmp0 = d[0] + d[7 * step];
        var tmp7 = d[0] - d[7 * step];
        var tmp1 = d[step] + d[6 * step];
        var tmp6 = d[step] - d[6 * step];
        var tmp2 = d[2 * step] + d[5 * step];
        var tmp5 = d[2 * step] - d[5 * step];
        var tmp3 = d[3 * step] + d[4 * step];
        var tmp4 = d[3 * step] - d[4 * step];

        // Even part.
        var tmp10 = tmp0 + tmp3;
        var tmp13 = tmp0 - tmp3;
        var tmp11 = tmp1 + tmp2;
        var tmp12 = tmp1 - tmp2;
        d[0] = tmp10 + tmp11;
        d[4 * step] = tmp10 - tmp11;
        var z1 = (tmp12 + tmp13) * 0.707106781f;
        d[2 * step] = tmp13 + z1;
        d[6 * step] = tmp13 - z1;

        // Odd part.
        tmp10 = tmp4 + tmp5;
        tmp11 = tmp5 + tmp6;
        tmp12 = tmp6 + tmp7;
        var z5 = (tmp10 - tmp12) * 0.382683433f;
        var z2 = (0.541196100f * tmp10) + z5;
        var z4 = (1.306562965f * tmp12) + z5;
        var z3 = tmp11 * 0.707106781f;
        var z11 = tmp7 + z3;
        var z13 = tmp7 - z3;
        d[5 * step] = z13 + z2;
        d[3 * step] = z13 - z2;
        d[step] = z11 + z4;
        d[7 * step] = z11 - z4;
    }
}
