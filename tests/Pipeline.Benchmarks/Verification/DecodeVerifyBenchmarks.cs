using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Pipeline.Domain;
using Pipeline.Verification;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace Pipeline.Benchmarks.Verification;

/// <summary>
/// Full verification of one 4-MP JPEG as the run does it: decode (strict scan walk, ImageSharp decode, blank analysis),
/// the verdict against its job, and the SHA-256. Images per second = 1 s / Mean (issue 13: at least 20 on two cores).
/// </summary>
[MemoryDiagnoser]
public class DecodeVerifyBenchmarks
{
    private const int Side = 2048;
    private byte[] _jpeg = [];
    private Job _job = null!;

    [GlobalSetup]
    public void Setup()
    {
        // A photo-like raster (gradients, waves, grain) so the scans carry realistic entropy, encoded as the hosts do (q 90, 4:2:0).
        using var image = new Image<Rgb24>(Side, Side);
        var random = new Random(13);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < Side; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < Side; x++)
                {
                    var n = random.Next(-8, 9);
                    row[x] = new Rgb24(
                        Clamp(128 + (100 * Math.Sin(x / 37.0) * Math.Cos(y / 53.0)) + n),
                        Clamp((255.0 * x / Side) + n),
                        Clamp((255.0 * y / Side) + n));
                }
            }
        });
        using var stream = new MemoryStream();
        image.Save(stream, new JpegEncoder { Quality = 90 });
        _jpeg = stream.ToArray();
        _job = new Job(default, "bench", "p", "kettle", "sandbox", "flux-pro-finetuned", "ft", 1.0m, 1, null, new ImageSize(Side, Side), "jpeg", new Dictionary<string, object>());
        if (!Verify().Passed)
        {
            throw new InvalidOperationException("the benchmark image does not verify: " + Verify().AuditText);
        }
    }

    [Benchmark(Description = "verify one 4-MP JPEG (decode, blank, verdict, SHA-256)")]
    public Verdict Verify()
    {
        _ = SHA256.HashData(_jpeg);
        var decoded = ImageVerification.Decode(_jpeg, "image/jpeg", TimeProvider.System, CancellationToken.None);
        return Verifier.Check(_job, decoded, _jpeg.Length, "image/jpeg", VerifyPolicy.Default, nsfw: false);
    }

    private static byte Clamp(double value) => (byte)Math.Clamp(value, 0, 255);
}
