using System.Diagnostics;
using System.Globalization;
using Pipeline.Domain;
using Pipeline.Records;
using Pipeline.Renditions;

namespace Pipeline.Benchmarks.Renditions;

/// <summary>
/// Rendition throughput by CPU time (<c>renditions [N]</c>): derives a 1080×1350 cover JPEG from each of N 4-MP JPEG
/// masters through the run's workers, end to end, and prints wall time and the process's CPU per rendition. On a
/// shared VM the wall time follows the other tenants; CPU per rendition does not, so the capacity of an idle 2-core
/// machine is 2 / (CPU per rendition) renditions per second (the workers use both cores).
/// </summary>
internal static class RenditionThroughput
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 16;
        var spec = new RenditionSpec("feed-portrait", 1080, 1350, "cover", "center", null, "jpeg", 85, null);
        var root = Directory.CreateTempSubdirectory("pipeline-renditions-throughput-").FullName;
        try
        {
            var folder = RenditionBenchmarks.Campaign(root, "throughput", RenditionBenchmarks.Master(), count);
            var warmUp = RenditionBenchmarks.Campaign(root, "warm-up", RenditionBenchmarks.Master(), 2);
            await CampaignRenditions.DeriveAsync(warmUp, [spec], "warm-up", TimeProvider.System, CancellationToken.None);
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var tally = await CampaignRenditions.DeriveAsync(folder, [spec], "bench", TimeProvider.System, CancellationToken.None);
            clock.Stop();
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                rendition throughput: {count} x 1080x1350 cover JPEG q85 from 2752x1536 JPEG masters, {RenditionWorkers.Workers} workers
                  derived           {tally.Derived}/{count} ({tally.Failed} failed)
                  wall time         {clock.Elapsed.TotalSeconds:0.00} s = {count / clock.Elapsed.TotalSeconds:0.0} renditions/s on this host now
                  CPU per rendition {cpu:0} ms (decode master, resize, encode, embed, verify by decoding, write, log)
                  idle 2-core host  {2000 / cpu:0.0} renditions/s (2 workers / CPU per rendition; target >= 8)
                """));
            return tally.Derived == count ? 0 : 1;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
