namespace Pipeline.Imaging.Decoding;

/// <summary>
/// One block of a progressive scan, all four kinds (ITU T.81 G.1.2): DC first (a DC difference) and refinement (one
/// bit), AC first (run/size codes inside the scan's spectral band, with end-of-band runs) and AC refinement (correction
/// bits for coefficients already non-zero, which it tracks per block, and new coefficients of magnitude one).
/// </summary>
internal static class JpegProgressiveBlock
{
    /// <param name="nonZero">The block's non-zero history, updated (first scans set bits, refinements read and set them).</param>
    /// <param name="eobRun">Blocks left in the current end-of-band run, shared by the scan's blocks.</param>
    /// <exception cref="JpegDamageException">A code is invalid or a run leaves the spectral band.</exception>
    public static void Walk(ref JpegBitReader reader, JpegFrame frame, JpegScan scan, int i, JpegComponent component, ref ulong nonZero, ref int eobRun)
    {
        if (reader.Count < 32)
        {
            reader.Fill();
        }

        if (scan.SpectralStart == 0)
        {
            if (scan.ApproximationHigh == 0)
            {
                JpegCoefficients.DcValue(ref reader, frame, scan, scan.DcTables[i]!, component);
            }
            else
            {
                reader.Skip(1);
            }
        }
        else if (scan.ApproximationHigh == 0)
        {
            AcFirst(ref reader, frame, scan, ref nonZero, ref eobRun);
        }
        else
        {
            AcRefine(ref reader, scan, ref nonZero, ref eobRun);
        }
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

            var rs = JpegCoefficients.Symbol(ref reader, ac, scan, "AC");
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
                    throw JpegDamageException.InScan(scan, "zero run past the scan's spectral band");
                }

                continue;
            }

            k += run;
            if (k > scan.SpectralEnd || size > maxSize)
            {
                throw k > scan.SpectralEnd ? JpegDamageException.InScan(scan, "AC run past the scan's spectral band") : JpegCoefficients.Damage(scan, "AC magnitude category", size);
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

                var rs = JpegCoefficients.Symbol(ref reader, ac, scan, "AC");
                int run = rs >> 4, size = rs & 15;
                if (size == 0 && run < 15)
                {
                    eobRun = (1 << run) + reader.Bits(run);
                    break;
                }

                if (size > 1)
                {
                    throw JpegCoefficients.Damage(scan, "refinement coefficient of size", size);
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
                        CorrectionBit(ref reader);
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
                        throw JpegDamageException.InScan(scan, "refinement coefficient past the scan's spectral band");
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
                    CorrectionBit(ref reader);
                }
            }

            eobRun--;
        }
    }

    private static void CorrectionBit(ref JpegBitReader reader)
    {
        if (reader.Count < 16)
        {
            reader.Fill();
        }

        reader.Skip(1);
    }
}
