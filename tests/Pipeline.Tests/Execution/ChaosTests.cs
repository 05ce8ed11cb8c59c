using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Tests.Support;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Tests.Execution;

/// <summary>The executor under injected faults: nothing is lost and nothing is paid for twice.</summary>
public sealed class ChaosTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task RunAsync_200JobsUnder503s500sCapAndTruncatedDownloads_AllSucceedWithOneAcceptedSubmitEach()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o =>
        {
            o.SubmitFailureRate = 0.10;
            o.PollFailureRate = 0.10;
            o.ActiveTaskCap = 8;
            o.TruncateFirstDownload = true;
            o.Latency = TimeSpan.FromMilliseconds(40);
        });
        var manifest = _dir.Write("chaos.yaml", TestManifests.Small("chaos", prompts: 10, seeds: 20, limits: "{concurrency: 16, max_attempts: 8}"));

        var summary = await sandbox.RunAsync(manifest, _dir.Path);

        Assert.True(summary.AllVerified, string.Join("\n", summary.Outcomes.Where(o => o.Status != JobStatus.Succeeded).Select(o => $"{o.Status} {o.Detail}")));
        Assert.Equal(200, summary.Outcomes.Count);
        var accepted = sandbox.Server.Stats.AcceptedByFingerprint;
        Assert.Equal(200, accepted.Count);
        Assert.All(accepted.Values, count => Assert.Equal(1, count));
        Assert.True(sandbox.Server.Stats.ServerErrors > 0, "no 5xx was injected; the test proves nothing");
        Assert.True(sandbox.Server.Stats.Throttled > 0, "the cap was never hit; the test proves nothing");
        Assert.True(sandbox.Server.Stats.PeakActiveTasks <= 8);
        Assert.Equal(200, AuditReader.Read(CampaignFolder.For(_dir.Path, "chaos").AuditPath).Count);
    }

    [Fact]
    public async Task RunAsync_DroppedSubmitConnections_RetriedOnceAsAmbiguousAndRecorded()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.DropConnectionRate = 0.2);
        var manifest = _dir.Write("drops.yaml", TestManifests.Small("drops", prompts: 4, seeds: 10, limits: "{concurrency: 8}"));

        var summary = await sandbox.RunAsync(manifest, _dir.Path);

        Assert.All(sandbox.Server.Stats.AcceptedByFingerprint.Values, count => Assert.Equal(1, count));
        var ambiguous = summary.Outcomes.Where(o => o.Detail?.Contains("ambiguous submit", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(ambiguous);
        Assert.Equal(40, summary.Outcomes.Count);
    }

    [Fact]
    public async Task RunAsync_ProviderKeepsFailing_BreakerStopsSubmittingWithAPlainReason()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.SubmitFailureRate = 1.0);
        var manifest = _dir.Write("down.yaml", TestManifests.Small("down", prompts: 10, seeds: 10, limits: "{concurrency: 2, max_attempts: 2}"));

        var summary = await sandbox.RunAsync(manifest, _dir.Path);

        Assert.Contains("kept failing", summary.StoppedBecause, StringComparison.Ordinal);
        Assert.True(summary.NotStarted > 50, $"breaker let {summary.Outcomes.Count} jobs through");
        Assert.False(summary.AllVerified);
    }

    [Fact]
    public async Task RunAsync_BadKey_StopsAllSubmitsAfterTheFirst401()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.RequiredKey = "the-right-key");
        var manifest = _dir.Write("key.yaml", TestManifests.Small("key", prompts: 5, seeds: 10, limits: "{concurrency: 2}"));

        var summary = await sandbox.RunAsync(manifest, _dir.Path);

        Assert.Contains("401", summary.StoppedBecause, StringComparison.Ordinal);
        Assert.True(sandbox.Server.Stats.Unauthorized <= 2);
        Assert.Equal(0, sandbox.Server.Stats.SubmissionsAccepted);
    }

    public void Dispose() => _dir.Dispose();
}
