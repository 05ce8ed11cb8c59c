using System.Globalization;
using Pipeline.Records;
using Pipeline.Renditions;

namespace Pipeline.Tests.Renditions;

/// <summary>Workers beside a run yield to it; when the run's provider work ends, the rest is derived at normal priority.</summary>
public sealed class RenditionWorkersTests : IDisposable
{
    private readonly RenditionCampaign _campaign = new();

    [Fact]
    public async Task Start_BesideRun_WorkersRunAtTheLowestPriority()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        await using var workers = RenditionWorkers.Start(_campaign.Folder, [RenditionCampaign.Spec()], "run", TimeProvider.System, besideRun: true, CancellationToken.None, workers: 2)!;

        var nices = await YieldingThreadNicesAsync(expected: 2);

        // At least these two: a test running beside this one may have yielding workers of its own.
        Assert.True(nices.Length >= 2, $"{nices.Length} yielding workers");
        Assert.All(nices, nice => Assert.Equal(WorkerPriority.LowestNice, nice));
    }

    [Fact]
    public async Task CompleteAsync_BesideRun_DerivesWhatWasQueuedAfterHandingItOver()
    {
        var masters = RenditionMaster.In(_campaign.Folder);
        await using var workers = RenditionWorkers.Start(_campaign.Folder, [RenditionCampaign.Spec("a"), RenditionCampaign.Spec("b", format: "jpeg")], "run", TimeProvider.System, besideRun: true, CancellationToken.None)!;
        foreach (var master in masters)
        {
            workers.Enqueue(master);
        }

        var tally = await workers.CompleteAsync();

        Assert.Equal((2, 0, 0), (tally.Derived, tally.Current, tally.Failed));
        Assert.Equal(2, _campaign.Rows().Count(r => r.Status == RenditionRow.Succeeded));
    }

    public void Dispose() => _campaign.Dispose();

    /// <summary>The nice values of this process's yielding workers, once at least <paramref name="expected"/> of them have lowered themselves.</summary>
    private static async Task<int[]> YieldingThreadNicesAsync(int expected)
    {
        for (var attempt = 0; ; attempt++)
        {
            var nices = Directory.EnumerateDirectories("/proc/self/task")
                .Where(task => File.ReadAllText(Path.Combine(task, "comm")).TrimEnd() == RenditionWorkers.YieldingName)
                .Select(task => File.ReadAllText(Path.Combine(task, "stat")))
                .Select(stat => int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16], CultureInfo.InvariantCulture))
                .ToArray();
            if ((nices.Length >= expected && nices.All(n => n != 0)) || attempt == 500)
            {
                return nices;
            }

            await Task.Delay(10);
        }
    }
}
