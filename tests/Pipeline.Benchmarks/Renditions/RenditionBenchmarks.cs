using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Pipeline.Domain;
using Pipeline.Records;
using Pipeline.Renditions;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace Pipeline.Benchmarks.Renditions;

/// <summary>
/// Deriving a 1080×1350 cover JPEG (quality 85) from 4-MP JPEG masters (2752×1536, FLUX Ultra 16:9), end to end as a run
/// does it: read the campaign's records, decode the master, resize, encode, embed provenance, verify by decoding, write
/// and fsync the file and sidecar, append to <c>renditions.csv</c>. The budget: 8 or more renditions per second
/// on a 2-core machine. <c>One</c> is a single rendition on one thread; <c>Eight</c> is eight masters through the run's
/// workers (min(2, cores)), so renditions/s = 8 / its mean.
/// </summary>
[MemoryDiagnoser]
public class RenditionBenchmarks
{
    private static readonly RenditionSpec FeedPortrait = new("feed-portrait", 1080, 1350, "cover", "center", null, "jpeg", 85, null);

    private CampaignFolder _one = null!;
    private CampaignFolder _eight = null!;
    private string _root = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("pipeline-renditions-bench-").FullName;
        var master = Master();
        _one = Campaign(_root, "one", master, 1);
        _eight = Campaign(_root, "eight", master, 8);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [IterationSetup]
    public void Forget()
    {
        foreach (var folder in new[] { _one, _eight })
        {
            File.Delete(folder.RenditionsLogPath);
        }
    }

    [Benchmark(Description = "1 rendition, 1080x1350 cover JPEG from a 4 MP JPEG")]
    public Task<RenditionTally> One() => CampaignRenditions.DeriveAsync(_one, [FeedPortrait], "bench", TimeProvider.System, CancellationToken.None);

    [Benchmark(Description = "8 renditions (8 masters) through the run's workers")]
    public Task<RenditionTally> Eight() => CampaignRenditions.DeriveAsync(_eight, [FeedPortrait], "bench", TimeProvider.System, CancellationToken.None);

    /// <summary>A photo-like master: smooth gradients with fine noise, so the JPEG is a realistic ~1 MB rather than flat.</summary>
    internal static byte[] Master()
    {
        using var image = new Image<Rgb24>(2752, 1536);
        var random = new Random(15);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var n = random.Next(24);
                    row[x] = new Rgb24((byte)((x * 255 / row.Length) ^ n), (byte)((y * 255 / rows.Height) + n / 2), (byte)(((x + y) / 12 % 256) ^ n));
                }
            }
        });
        using var output = new MemoryStream();
        image.Save(output, new JpegEncoder { Quality = 90 });
        return output.ToArray();
    }

    /// <summary>A campaign folder with <paramref name="masters"/> verified copies of <paramref name="master"/>.</summary>
    internal static CampaignFolder Campaign(string root, string name, byte[] master, int masters)
    {
        var folder = CampaignFolder.For(root, name);
        folder.Create();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(master));
        using var audit = AuditLog.Open(folder.AuditPath);
        for (var i = 0; i < masters; i++)
        {
            var jobId = $"{i:x16}";
            var file = $"images/bench_{jobId}.jpg";
            File.WriteAllBytes(Path.Combine(folder.Root, file), master);
            audit.Append(new AuditRow(
                "bench", jobId, name, "p", "bench", "sandbox", "flux-pro-1.1-ultra-finetuned", "ft", 1m, i, "16:9", 2752, 1536, "jpeg", "r",
                JobStatus.Succeeded, 1, 0.07m, false, "ok", file, sha256, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null));
        }

        return folder;
    }
}
