using Pipeline.Domain;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace Pipeline.Benchmarks.Verification;

/// <summary>The images and job the verification benchmarks verify.</summary>
internal static class VerifySample
{
    /// <summary>2048×2048: the 4-MP size issue 13's target names.</summary>
    public const int Side = 2048;

    /// <summary>
    /// A photo-like raster (gradients, waves, grain from <paramref name="seed"/>) so the scans carry realistic entropy,
    /// encoded as the hosts do (q 90, 4:2:0). Different seeds give different bytes of the same statistics.
    /// </summary>
    public static byte[] Jpeg(int side, int seed)
    {
        using var image = new Image<Rgb24>(side, side);
        var random = new Random(seed);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < side; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < side; x++)
                {
                    var n = random.Next(-8, 9);
                    row[x] = new Rgb24(
                        Clamp(128 + (100 * Math.Sin(x / 37.0) * Math.Cos(y / 53.0)) + n),
                        Clamp((255.0 * x / side) + n),
                        Clamp((255.0 * y / side) + n));
                }
            }
        });
        using var stream = new MemoryStream();
        image.Save(stream, new JpegEncoder { Quality = 90 });
        return stream.ToArray();
    }

    public static Job Job(int side) =>
        new(default, "bench", "p", "kettle", "sandbox", "flux-pro-finetuned", "ft", 1.0m, 1, null, new ImageSize(side, side), "jpeg", new Dictionary<string, object>());

    private static byte Clamp(double value) => (byte)Math.Clamp(value, 0, 255);
}
