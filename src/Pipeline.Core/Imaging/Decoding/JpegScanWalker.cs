namespace Pipeline.Imaging.Decoding;

/// <summary>
/// Huffman-decodes every block of one scan without computing pixels, the strict half of verification: every code must
/// exist in its DHT table, every run must stay inside the block's spectral band, restart markers must come in order
/// exactly every restart interval, and each interval's data must be consumed exactly up to the next marker
/// (<see cref="JpegScanInterval"/>). Sequential scans (<see cref="JpegSequentialBlock"/>) and all four kinds of
/// progressive scan (<see cref="JpegProgressiveBlock"/>) are walked in full.
/// </summary>
internal static class JpegScanWalker
{
    /// <summary>Walks the scan whose data starts at <paramref name="start"/>; returns the offset of the marker after it.</summary>
    /// <exception cref="JpegDamageException">The scan data is damaged or cut short.</exception>
    public static int Walk(ReadOnlySpan<byte> data, int start, JpegFrame frame, JpegScan scan, int restartInterval, CancellationToken ct)
    {
        var components = scan.Components.ToArray();
        var single = components.Length == 1;
        var mcusWide = single ? components[0].BlocksWide : frame.McusWide;
        var mcusHigh = single ? components[0].BlocksHigh : frame.McusHigh;
        var total = mcusWide * mcusHigh;
        var reader = new JpegBitReader(data, start);
        var eobRun = 0;
        var restarts = 0;
        var untilRestart = restartInterval;
        var mcu = 0;
        ResetPredictors(components);
        try
        {
            for (var row = 0; row < mcusHigh; row++)
            {
                ct.ThrowIfCancellationRequested();
                for (var column = 0; column < mcusWide; column++, mcu++)
                {
                    if (restartInterval > 0 && untilRestart-- == 0)
                    {
                        reader = new JpegBitReader(data, JpegScanInterval.Restart(ref reader, data, scan, mcu, total, restarts++));
                        untilRestart = restartInterval - 1;
                        eobRun = 0;
                        ResetPredictors(components);
                    }

                    if (frame.Progressive)
                    {
                        ProgressiveMcu(ref reader, frame, scan, components, row, column, ref eobRun);
                    }
                    else
                    {
                        SequentialMcu(ref reader, frame, scan, components);
                    }

                    if (reader.Overrun)
                    {
                        throw JpegScanInterval.CutShort(ref reader, data, scan, mcu, total);
                    }
                }
            }
        }
        catch (JpegDamageException e) when (e.AtEnd)
        {
            throw JpegScanInterval.CutShort(ref reader, data, scan, mcu, total);
        }

        return JpegScanInterval.End(ref reader, data, scan, total, total);
    }

    private static void ResetPredictors(JpegComponent[] components)
    {
        foreach (var component in components)
        {
            component.DcPredictor = 0;
        }
    }

    private static void SequentialMcu(ref JpegBitReader reader, JpegFrame frame, JpegScan scan, JpegComponent[] components)
    {
        if (components.Length == 1)
        {
            JpegSequentialBlock.Walk(ref reader, frame, scan, scan.DcTables[0]!, scan.AcTables[0]!, components[0]);
            return;
        }

        for (var i = 0; i < components.Length; i++)
        {
            var component = components[i];
            JpegHuffmanTable dc = scan.DcTables[i]!, ac = scan.AcTables[i]!;
            for (var blocks = component.Vertical * component.Horizontal; blocks > 0; blocks--)
            {
                JpegSequentialBlock.Walk(ref reader, frame, scan, dc, ac, component);
            }
        }
    }

    private static void ProgressiveMcu(ref JpegBitReader reader, JpegFrame frame, JpegScan scan, JpegComponent[] components, int row, int column, ref int eobRun)
    {
        if (components.Length == 1)
        {
            var component = components[0];
            JpegProgressiveBlock.Walk(ref reader, frame, scan, 0, component, ref component.NonZero![(row * component.PaddedBlocksWide) + column], ref eobRun);
            return;
        }

        for (var i = 0; i < components.Length; i++)
        {
            var component = components[i];
            for (var v = 0; v < component.Vertical; v++)
            {
                for (var h = 0; h < component.Horizontal; h++)
                {
                    var index = ((row * component.Vertical) + v) * component.PaddedBlocksWide + (column * component.Horizontal) + h;
                    JpegProgressiveBlock.Walk(ref reader, frame, scan, i, component, ref component.NonZero![index], ref eobRun);
                }
            }
        }
    }
}
