using System.Runtime.CompilerServices;

namespace Pipeline.Imaging.Decoding;

/// <summary>
/// What sequential and progressive scans decode alike: a Huffman symbol that must exist in its table, and the DC
/// value a difference updates, which must stay in range.
/// </summary>
internal static class JpegCoefficients
{
    /// <summary>Decodes one symbol of <paramref name="table"/>; the reader must hold at least 16 bits.</summary>
    /// <exception cref="JpegDamageException">No code matches (at the data's end: <see cref="JpegDamageException.AtEnd"/>).</exception>
    public static int Symbol(ref JpegBitReader reader, JpegHuffmanTable table, JpegScan scan, string kind)
    {
        var symbol = table.Decode(ref reader);
        return symbol < 0 ? throw NoCode(ref reader, scan, kind) : symbol;
    }

    /// <summary>The failure for bits that match no code: past the data's end they are padding, not damage.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static JpegDamageException NoCode(ref JpegBitReader reader, JpegScan scan, string kind) =>
        reader.AtMarker && reader.DataBits < 16
            ? new JpegDamageException("scan data ends inside a block", atEnd: true)
            : JpegDamageException.InScan(scan, $"invalid {kind} Huffman code");

    /// <summary>
    /// Decodes a DC difference and keeps the running DC value, which must stay within what an 8×8 block of
    /// in-range samples can have (|DC| ≤ 1024 for 8-bit, 16384 for 12-bit, T.81 A.3.1): a damaged difference makes
    /// every later block of the interval drift, often out of that range.
    /// </summary>
    public static void DcValue(ref JpegBitReader reader, JpegFrame frame, JpegScan scan, JpegHuffmanTable table, JpegComponent component)
    {
        var size = Symbol(ref reader, table, scan, "DC");
        if (size > (frame.Precision == 8 ? 11 : 15))
        {
            throw Damage(scan, "DC magnitude category", size);
        }

        var bits = reader.Bits(size);
        var difference = size == 0 ? 0 : bits < 1 << (size - 1) ? bits - (1 << size) + 1 : bits;
        var predictor = component.DcPredictor + difference;
        component.DcPredictor = predictor;
        var quantizer = component.DcQuantizer;
        if (quantizer > 0 && (long)Math.Abs(predictor << scan.ApproximationLow) * quantizer > (frame.Precision == 8 ? 1024 : 16384) + quantizer)
        {
            throw DcOutOfRange(scan, predictor << scan.ApproximationLow, quantizer, component.Id);
        }
    }

    /// <summary>Damage naming a number; built out of line so the hot paths carry no string formatting.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static JpegDamageException Damage(JpegScan scan, string what, int value) => JpegDamageException.InScan(scan, $"{what} {value}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static JpegDamageException DcOutOfRange(JpegScan scan, int value, int quantizer, byte id) =>
        JpegDamageException.InScan(scan, $"DC value {value}×{quantizer} out of range in component {id}");
}
