using System.Globalization;

namespace Pipeline.Imaging.Decoding;

/// <summary>
/// Where one interval of a scan's entropy-coded data ends (ITU T.81 B.2.1, F.1.2.3): its data must be consumed exactly
/// up to the next marker, and with a restart interval that marker must be the RST due next (RST0–RST7 in turn). Also
/// words data cut short inside an MCU (the end of the file, EOI, or another marker).
/// </summary>
internal static class JpegScanInterval
{
    /// <summary>Ends the interval before MCU <paramref name="mcu"/> and checks the restart marker that follows it.</summary>
    /// <param name="restarts">Restart markers passed so far in this scan.</param>
    /// <returns>The offset of the first data byte of the next interval.</returns>
    /// <exception cref="JpegDamageException">The interval's data is short or runs on, or the marker is not the RST due.</exception>
    public static int Restart(ref JpegBitReader reader, ReadOnlySpan<byte> data, JpegScan scan, int mcu, int total, int restarts)
    {
        var marker = End(ref reader, data, scan, mcu, total);
        var expected = 0xD0 + (restarts & 7);
        if (data[marker + 1] != expected)
        {
            throw JpegDamageException.InScan(scan, $"restart marker FF{data[marker + 1]:X2} at byte {marker} where RST{restarts & 7} was due (MCU {mcu} of {total})");
        }

        return marker + 2;
    }

    /// <summary>Checks the interval's data ends exactly at a marker; returns the marker's offset.</summary>
    /// <exception cref="JpegDamageException">The data is short, runs on past the last block, or the file ends.</exception>
    public static int End(ref JpegBitReader reader, ReadOnlySpan<byte> data, JpegScan scan, int mcu, int total)
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

            throw JpegDamageException.InScan(scan, $"scan data runs on past its last block: extra data before byte {marker} (after MCU {mcu} of {total})");
        }

        if (reader.Position >= data.Length - 1)
        {
            throw new JpegDamageException(string.Create(CultureInfo.InvariantCulture, $"truncated scan: data ends after MCU {mcu} of {total} (scan {scan.Number})"));
        }

        return reader.Position;
    }

    /// <summary>The failure for data that ran out inside MCU <paramref name="mcu"/>: truncation, or a marker where data was due.</summary>
    public static JpegDamageException CutShort(ref JpegBitReader reader, ReadOnlySpan<byte> data, JpegScan scan, int mcu, int total)
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
            : JpegDamageException.InScan(scan, $"marker FF{marker:X2} at byte {at} inside MCU {mcu} of {total}");
    }
}
