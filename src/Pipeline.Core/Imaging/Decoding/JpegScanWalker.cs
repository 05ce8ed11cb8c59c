using System.Globalization;

namespace Pipeline.Imaging.Decoding;

/// <summary>
/// Huffman-decodes every block of one scan without computing pixels, the strict half of verification: every code must
/// exist in its DHT table, every run must stay inside the block's spectral band, restart markers must come in order
/// exactly every restart interval, and each interval's data must be consumed exactly up to the next marker.
/// Sequential scans and all four kinds of progressive scan (DC/AC first and refinement, with EOB runs and the
/// non-zero history refinement needs, ITU T.81 G.1.2) are walked in full.
/// </summary>
internal static class JpegScanWalker
{
    /// <summary>Walks the scan whose data starts at <paramref name="start"/>; returns the offset of the marker after it.</summary>
    /// <exception cref="JpegDamageException">The scan data is damaged or cut short.</exception>
    public static int Walk(ReadOnlySpan<byte> data, int start, JpegFrame frame, JpegScan scan, int restartInterval, CancellationToken ct)
    {
        var single = scan.Components.Count == 1;
        var mcusWide = single ? scan.Components[0].BlocksWide : frame.McusWide;
        var mcusHigh = single ? scan.Components[0].BlocksHigh : frame.McusHigh;
        var total = mcusWide * mcusHigh;
        var reader = new JpegBitReader(data, start);
        var eobRun = 0;
        var restarts = 0;
        ResetPredictors(scan);
        for (var mcu = 0; mcu < total; mcu++)
        {
            if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0)
            {
                var marker = EndInterval(ref reader, data, scan, mcu, total);
                var expected = 0xD0 + (restarts & 7);
                if (data[marker + 1] != expected)
                {
                    throw Damage(scan, $"restart marker FF{data[marker + 1]:X2} at byte {marker} where RST{restarts & 7} was due (MCU {mcu} of {total})");
                }

                restarts++;
                reader = new JpegBitReader(data, marker + 2);
                eobRun = 0;
                ResetPredictors(scan);
            }

            if (mcu % mcusWide == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            int row = mcu / mcusWide, column = mcu % mcusWide;
            try
            {
                Mcu(ref reader, frame, scan, single, row, column, ref eobRun);
            }
            catch (JpegDamageException e) when (e.AtEnd)
            {
                throw CutShort(ref reader, data, scan, mcu, total);
            }

            if (reader.Overrun)
            {
                throw CutShort(ref reader, data, scan, mcu, total);
            }
        }

        return EndInterval(ref reader, data, scan, total, total);
    }

    private static void ResetPredictors(JpegScan scan)
    {
        foreach (var component in scan.Components)
        {
            component.DcPredictor = 0;
        }
    }

    private static void Mcu(ref JpegBitReader reader, JpegFrame frame, JpegScan scan, bool single, int row, int column, ref int eobRun)
    {
        for (var i = 0; i < scan.Components.Count; i++)
        {
            var component = scan.Components[i];
            if (single)
            {
                Block(ref reader, frame, scan, i, component, (row * component.PaddedBlocksWide) + column, ref eobRun);
                continue;
            }

            for (var v = 0; v < component.Vertical; v++)
            {
                for (var h = 0; h < component.Horizontal; h++)
                {
                    var index = ((row * component.Vertical) + v) * component.PaddedBlocksWide + (column * component.Horizontal) + h;
                    Block(ref reader, frame, scan, i, component, index, ref eobRun);
                }
            }
        }
    }

    private static int EndInterval(ref JpegBitReader reader, ReadOnlySpan<byte> data, JpegScan scan, int mcu, int total)
    {
        reader.AlignAndFindMarker();
        if (reader.Overrun)
        {
            throw CutShort(ref reader, data, scan, mcu, total);
        }

        if (reader.UnusedWholeBytes > 0 || !reader.AtMarker)
        {
            var marker = reader.Position;
            while (marker < data.Length && !(data[marker] == 0xFF && marker + 1 < data.Length && data[marker + 1] != 0x00))
            {
                marker++;
            }

            throw Damage(scan, $"scan data runs on past its last block: extra data before byte {marker} (after MCU {mcu} of {total})");
        }

        if (reader.Position >= data.Length - 1)
        {
            throw new JpegDamageException(string.Create(CultureInfo.InvariantCulture, $"truncated scan: data ends after MCU {mcu} of {total} (scan {scan.Number})"));
        }

        return reader.Position;
    }

    private static JpegDamageException CutShort(ref JpegBitReader reader, ReadOnlySpan<byte> data, JpegScan scan, int mcu, int total)
    {
        var at = reader.Position;
        var inv = CultureInfo.InvariantCulture;
        if (at >= data.Length - 1)
        {
            return new JpegDamageException(string.Create(inv, $"truncated scan: data ends inside MCU {mcu} of {total} (scan {scan.Number})"));
        }

        var marker = data[at + 1];
        return marker == 0xD9
            ? new JpegDamageException(string.Create(inv, $"truncated scan: EOI at byte {at} inside MCU {mcu} of {total} (scan {scan.Number})"))
            : Damage(scan, $"marker FF{marker:X2} at byte {at} inside MCU {mcu} of {total}");
    }

    private static JpegDamageException Damage(JpegScan scan, string what) =>
        new(string.Create(CultureInfo.InvariantCulture, $"corrupt: scan {scan.Number}: {what}"));

    private static void Block(ref JpegBitReader reader, JpegFrame frame, JpegScan scan, int i, JpegComponent component, int index, ref int eobRun)
    {
        if (reader.Count < 32)
        {
            reader.Fill();
        }

        if (!frame.Progressive)
        {
            Sequential(ref reader, frame, scan, i, component);
        }
        else if (scan.SpectralStart == 0)
        {
            if (scan.ApproximationHigh == 0)
            {
                DcValue(ref reader, frame, scan, i, component);
            }
            else
            {
                reader.Skip(1);
            }
        }
        else if (scan.ApproximationHigh == 0)
        {
            AcFirst(ref reader, frame, scan, ref component.NonZero![index], ref eobRun);
        }
        else
        {
            AcRefine(ref reader, scan, ref component.NonZero![index], ref eobRun);
        }
    }

    private static void Sequential(ref JpegBitReader reader, JpegFrame frame, JpegScan scan, int i, JpegComponent component)
    {
        DcValue(ref reader, frame, scan, i, component);
        var ac = scan.AcTables[i]!;
        var maxSize = frame.Precision == 8 ? 10 : 14;
        for (var k = 1; k < 64;)
        {
            if (reader.Count < 32)
            {
                reader.Fill();
            }

            var rs = Symbol(ref reader, ac, scan, "AC");
            int run = rs >> 4, size = rs & 15;
            if (size == 0)
            {
                if (run != 15)
                {
                    return;
                }

                k += 16;
                if (k > 64)
                {
                    throw Damage(scan, "zero run past coefficient 63");
                }

                continue;
            }

            k += run;
            if (k > 63 || size > maxSize)
            {
                throw Damage(scan, k > 63 ? "AC run past coefficient 63" : $"AC magnitude category {size}");
            }

            reader.Skip(size);
            k++;
        }
    }

    /// <summary>
    /// Decodes a DC difference and keeps the running DC value, which must stay within what an 8×8 block of
    /// in-range samples can have (|DC| ≤ 1024 for 8-bit, 16384 for 12-bit, T.81 A.3.1): a damaged difference makes
    /// every later block of the interval drift, often out of that range.
    /// </summary>
    private static void DcValue(ref JpegBitReader reader, JpegFrame frame, JpegScan scan, int i, JpegComponent component)
    {
        var size = DcCategory(ref reader, frame, scan, i);
        var bits = reader.Bits(size);
        var difference = size == 0 ? 0 : bits < 1 << (size - 1) ? bits - (1 << size) + 1 : bits;
        component.DcPredictor += difference;
        var quantizer = component.DcQuantizer;
        if (quantizer > 0 && (long)Math.Abs(component.DcPredictor << scan.ApproximationLow) * quantizer > (frame.Precision == 8 ? 1024 : 16384) + quantizer)
        {
            throw Damage(scan, $"DC value {component.DcPredictor << scan.ApproximationLow}×{quantizer} out of range in component {component.Id}");
        }
    }

    private static int DcCategory(ref JpegBitReader reader, JpegFrame frame, JpegScan scan, int i)
    {
        var s = Symbol(ref reader, scan.DcTables[i]!, scan, "DC");
        if (s > (frame.Precision == 8 ? 11 : 15))
        {
            throw Damage(scan, $"DC magnitude category {s}");
        }

        return s;
    }

    private static void AcFirst(ref JpegBitReader reader, JpegFrame frame, JpegScan scan, ref ulong nonZero, ref int eobRun)
    {
        if (eobRun > 0)
        {
            eobRun--;
            return;
        }

        var ac = scan.AcTables[0]!;
        var maxSize = frame.Precision == 8 ? 10 : 14;
        for (var k = scan.SpectralStart; k <= scan.SpectralEnd;)
        {
            if (reader.Count < 32)
            {
                reader.Fill();
            }

            var rs = Symbol(ref reader, ac, scan, "AC");
            int run = rs >> 4, size = rs & 15;
            if (size == 0)
            {
                if (run < 15)
                {
                    eobRun = (1 << run) - 1 + reader.Bits(run);
                    return;
                }

                k += 16;
                if (k > scan.SpectralEnd + 1)
                {
                    throw Damage(scan, "zero run past the scan's spectral band");
                }

                continue;
            }

            k += run;
            if (k > scan.SpectralEnd || size > maxSize)
            {
                throw Damage(scan, k > scan.SpectralEnd ? "AC run past the scan's spectral band" : $"AC magnitude category {size}");
            }

            reader.Skip(size);
            nonZero |= 1UL << k;
            k++;
        }
    }

    private static void AcRefine(ref JpegBitReader reader, JpegScan scan, ref ulong nonZero, ref int eobRun)
    {
        var k = scan.SpectralStart;
        var end = scan.SpectralEnd;
        if (eobRun == 0)
        {
            var ac = scan.AcTables[0]!;
            for (; k <= end; k++)
            {
                if (reader.Count < 32)
                {
                    reader.Fill();
                }

                var rs = Symbol(ref reader, ac, scan, "AC");
                int run = rs >> 4, size = rs & 15;
                if (size == 0 && run < 15)
                {
                    eobRun = (1 << run) + reader.Bits(run);
                    break;
                }

                if (size > 1)
                {
                    throw Damage(scan, $"refinement coefficient of size {size}");
                }

                if (size == 1)
                {
                    reader.Skip(1);
                }

                // Passes already non-zero coefficients (one correction bit each) and `run` zero ones (G.1.2.3).
                for (; k <= end; k++)
                {
                    if ((nonZero & (1UL << k)) != 0)
                    {
                        if (reader.Count < 16)
                        {
                            reader.Fill();
                        }

                        reader.Skip(1);
                    }
                    else if (--run < 0)
                    {
                        break;
                    }
                }

                if (size == 1)
                {
                    if (k > end)
                    {
                        throw Damage(scan, "refinement coefficient past the scan's spectral band");
                    }

                    nonZero |= 1UL << k;
                }
            }
        }

        if (eobRun > 0)
        {
            for (; k <= end; k++)
            {
                if ((nonZero & (1UL << k)) != 0)
                {
                    if (reader.Count < 16)
                    {
                        reader.Fill();
                    }

                    reader.Skip(1);
                }
            }

            eobRun--;
        }
    }

    private static int Symbol(ref JpegBitReader reader, JpegHuffmanTable table, JpegScan scan, string kind)
    {
        var symbol = table.Decode(ref reader);
        if (symbol < 0)
        {
            throw reader.AtMarker && reader.DataBits < 16
                ? new JpegDamageException("scan data ends inside a block", atEnd: true)
                : Damage(scan, $"invalid {kind} Huffman code");
        }

        return symbol;
    }
}
