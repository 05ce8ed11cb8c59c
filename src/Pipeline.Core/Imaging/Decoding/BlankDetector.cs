using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Pipeline.Imaging.Decoding;

/// <summary>
/// Judges whether decoded pixels are uniform, as the blacked-out images safety checkers return are. The image is
/// averaged down to at most 64×64 cells (a box filter over a sample grid of at most 512×512 pixels), and it is blank
/// when, in every channel, the cell averages span at most <see cref="MaxCellRange"/> levels <em>and</em> the sampled
/// pixels deviate by at most <see cref="MaxPixelDeviation"/>. The first test alone would call fine noise blank (its
/// cells average out); the second alone would call a dark photo with a small bright logo blank.
/// </summary>
internal static class BlankDetector
{
    /// <summary>Cell-average spread (0–255) at or under which an image may be blank: JPEG noise on flat black stays ≤ 3.</summary>
    public const int MaxCellRange = 8;

    /// <summary>Pixel standard deviation (0–255) at or under which an image may be blank.</summary>
    public const double MaxPixelDeviation = 3.0;

    private const int Cells = 64;
    private const int Samples = 512;

    public static BlankAnalysis Analyse<TPixel>(Image<TPixel> image, CancellationToken ct)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        ArgumentNullException.ThrowIfNull(image);
        int width = image.Width, height = image.Height;
        int cellsWide = Math.Min(Cells, width), cellsHigh = Math.Min(Cells, height);
        int stepX = Math.Max(1, width / Samples), stepY = Math.Max(1, height / Samples);
        var sums = new long[cellsWide * cellsHigh * 4];
        var counts = new int[cellsWide * cellsHigh];
        var columnCell = new int[width];
        for (var x = 0; x < width; x++)
        {
            columnCell[x] = x * cellsWide / width;
        }

        long samples = 0;
        var totals = new long[8];
        image.ProcessPixelRows(rows =>
        {
            var p = default(Rgba32);
            for (var y = 0; y < height; y += stepY)
            {
                ct.ThrowIfCancellationRequested();
                var row = rows.GetRowSpan(y);
                var cellRow = y * cellsHigh / height * cellsWide;
                for (var x = 0; x < width; x += stepX)
                {
                    row[x].ToRgba32(ref p);
                    var cell = cellRow + columnCell[x];
                    counts[cell]++;
                    var at = cell * 4;
                    sums[at] += p.R;
                    sums[at + 1] += p.G;
                    sums[at + 2] += p.B;
                    sums[at + 3] += p.A;
                    totals[0] += p.R;
                    totals[1] += p.G;
                    totals[2] += p.B;
                    totals[3] += p.A;
                    totals[4] += p.R * p.R;
                    totals[5] += p.G * p.G;
                    totals[6] += p.B * p.B;
                    totals[7] += p.A * p.A;
                    samples++;
                }
            }
        });

        var range = 0;
        double deviation = 0;
        Span<int> mean = stackalloc int[4];
        for (var c = 0; c < 4; c++)
        {
            int min = 255, max = 0;
            for (var cell = 0; cell < counts.Length; cell++)
            {
                if (counts[cell] > 0)
                {
                    var average = (int)Math.Round((double)sums[(cell * 4) + c] / counts[cell]);
                    min = Math.Min(min, average);
                    max = Math.Max(max, average);
                }
            }

            range = Math.Max(range, max - min);
            var m = (double)totals[c] / samples;
            deviation = Math.Max(deviation, Math.Sqrt(Math.Max(0, ((double)totals[c + 4] / samples) - (m * m))));
            mean[c] = (int)Math.Round(m);
        }

        var colour = string.Create(CultureInfo.InvariantCulture, $"#{mean[0]:X2}{mean[1]:X2}{mean[2]:X2}");
        if (mean[3] != 255)
        {
            colour += mean[3].ToString("X2", CultureInfo.InvariantCulture);
        }

        return new BlankAnalysis(range <= MaxCellRange && deviation <= MaxPixelDeviation, colour, range, Math.Round(deviation, 2));
    }
}
