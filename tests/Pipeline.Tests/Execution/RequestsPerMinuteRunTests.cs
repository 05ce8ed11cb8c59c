using Pipeline.Tests.Support;
using Pipeline.Domain;

namespace Pipeline.Tests.Execution;

/// <summary>
/// docs/architecture.md#4-rate-gate-and-provider-limits end to end: a campaign's <c>requests_per_minute</c> through the
/// real executor against the sandbox, which timestamps every submit it receives. The run's clock is the real one, so
/// the rate is small and the bounds allow for a loaded machine: late is allowed, early is not.
/// </summary>
public sealed class RequestsPerMinuteRunTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task RunAsync_RequestsPerMinute_TheSandboxSeesOneSubmitPerPeriodAfterTheBurst()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var manifest = _dir.Write("m.yaml", TestManifests.Small("paced", prompts: 3, seeds: 2, limits: "{concurrency: 8, requests_per_minute: 60}"));

        var summary = await sandbox.RunAsync(manifest, _dir.Path, pacedSubmits: true);

        Assert.Equal(6, summary.Count(JobStatus.Succeeded));
        var times = sandbox.Server.Stats.SubmitTimes;
        Assert.Equal(6, times.Count);

        // One token a second and a burst of one: submits at about 0, 1, ... 5 s. The first request may arrive late
        // (a new connection), which can bring the others up to a second closer to it, never more.
        var first = times[0];
        Assert.True(times[^1] - first >= TimeSpan.FromSeconds(4), $"6 submits within {(times[^1] - first).TotalSeconds:0.00} s at 60 a minute");
        Assert.InRange(times.Count(t => t - first < TimeSpan.FromSeconds(1)), 1, 2);
    }

    public void Dispose() => _dir.Dispose();
}
