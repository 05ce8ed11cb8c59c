namespace Pipeline.Imaging.Decoding;

/// <summary>
/// One block of a sequential (baseline or extended) scan: the DC difference, then AC run/size codes up to end-of-block
/// or coefficient 63 (ITU T.81 F.2.2). Most AC codes and their magnitude bits are passed with one table lookup
/// (<see cref="JpegHuffmanTable.DecodeWithMagnitude"/>); nothing is dequantized or transformed.
/// </summary>
internal static class JpegSequentialBlock
{
    /// <exception cref="JpegDamageException">A code is invalid, a run passes coefficient 63 or a magnitude is out of range.</exception>
    public static void Walk(ref JpegBitReader reader, JpegFrame frame, JpegScan scan, JpegHuffmanTable dc, JpegHuffmanTable ac, JpegComponent component)
    {
        if (reader.Count < 32)
        {
            reader.Fill();
        }

        JpegCoefficients.DcValue(ref reader, frame, scan, dc, component);
        var maxSize = frame.Precision == 8 ? 10 : 14;
        for (var k = 1; k < 64;)
        {
            if (reader.Count < 32)
            {
                reader.Fill();
            }

            var rs = ac.DecodeWithMagnitude(ref reader, out var magnitudeRead);
            if (rs < 0)
            {
                throw JpegCoefficients.NoCode(ref reader, scan, "AC");
            }

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
                    throw JpegDamageException.InScan(scan, "zero run past coefficient 63");
                }

                continue;
            }

            k += run;
            if (k > 63 || size > maxSize)
            {
                throw k > 63 ? JpegDamageException.InScan(scan, "AC run past coefficient 63") : JpegCoefficients.Damage(scan, "AC magnitude category", size);
            }

            if (!magnitudeRead)
            {
                reader.Skip(size);
            }

            k++;
        }
    }
}
