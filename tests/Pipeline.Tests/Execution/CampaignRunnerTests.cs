using MetadataExtractor;
using MetadataExtractor.Formats.Jpeg;
using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Providers;
using Pipeline.Tests.Support;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Tests.Execution;

/// <summary>The engine end to end over real loopback HTTP against the sandbox.</summary>
public sealed class CampaignRunnerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task RunAsync_ExampleCampaign_24VerifiedImagesOfUltraSizesAndAuditRows()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var summary = await sandbox.RunAsync(Repo.Manifest("example.yaml"), _dir.Path);

        Assert.True(summary.AllVerified, string.Join("\n", summary.Outcomes.Select(o => $"{o.Status} {o.Detail}")));
        var folder = CampaignFolder.For(_dir.Path, "acme-spring");
        var rows = AuditReader.Read(folder.AuditPath);
        Assert.Equal(24, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.Equal(JobStatus.Succeeded, row.Status);
            var expected = ModelCatalog.UltraSize(row.AspectRatio!)!.Value;
            var jpeg = ImageMetadataReader.ReadMetadata(Path.Combine(folder.Root, row.File!)).OfType<JpegDirectory>().Single();
            Assert.Equal(expected.Width, jpeg.GetImageWidth());
            Assert.Equal(expected.Height, jpeg.GetImageHeight());
            Assert.Equal((expected.Width, expected.Height), (row.Width, row.Height));
            Assert.Equal("jpeg", row.Format);
            Assert.Equal(0.07m, row.CostUsd);
            Assert.False(string.IsNullOrEmpty(row.RequestId));
            Assert.True(File.Exists(Path.Combine(folder.Root, row.File! + ".json")));
        });
        Assert.Equal(24, rows.Select(r => r.JobId).Distinct().Count());
        Assert.Equal(1.68m, summary.SpentUsd);
        Assert.Empty(System.IO.Directory.GetFiles(folder.QuarantineDir));
    }

    [Fact]
    public async Task RunAsync_SecondRun_RendersNothingAndSaysSo()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        await sandbox.RunAsync(Repo.Manifest("example.yaml"), _dir.Path);
        var accepted = sandbox.Server.Stats.SubmissionsAccepted;

        var second = await sandbox.RunAsync(Repo.Manifest("example.yaml"), _dir.Path);

        Assert.Equal(24, second.AlreadyDone);
        Assert.Empty(second.Outcomes);
        Assert.True(second.AllVerified);
        Assert.Equal(accepted, sandbox.Server.Stats.SubmissionsAccepted);
        Assert.Equal(24, AuditReader.Read(CampaignFolder.For(_dir.Path, "acme-spring").AuditPath).Count);
    }

    [Fact]
    public async Task RunAsync_ModeratedAndFailingPrompts_MapToAuditStatusesAndCostNothing()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("moderation", [
            "fine kettle",
            "kettle [sandbox:request-moderated]",
            "kettle [sandbox:content-moderated]",
            "kettle [sandbox:error]",
            "kettle [sandbox:failed]",
        ]));

        var summary = await sandbox.RunAsync(manifest, _dir.Path);

        var byPrompt = summary.Outcomes.ToDictionary(o => o.PromptId);
        Assert.Equal(JobStatus.Succeeded, byPrompt["p0"].Status);
        Assert.Equal(JobStatus.RequestModerated, byPrompt["p1"].Status);
        Assert.Equal(JobStatus.ContentModerated, byPrompt["p2"].Status);
        Assert.Equal(JobStatus.Failed, byPrompt["p3"].Status);
        Assert.Equal(JobStatus.Failed, byPrompt["p4"].Status);
        Assert.All(summary.Outcomes.Where(o => o.PromptId != "p0"), o =>
        {
            Assert.Equal(0m, o.CostUsd);
            Assert.Null(o.File);
        });
        Assert.Equal(0.07m, summary.SpentUsd);
        Assert.False(summary.AllVerified);
    }

    [Fact]
    public async Task RunAsync_ConcurrencyAboveTheProvidersActiveTaskCap_AllSucceedWithOneAcceptedSubmitEach()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o =>
        {
            o.ActiveTaskCap = 2;
            o.Latency = TimeSpan.FromMilliseconds(100);
        });
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("storm", ["a", "b", "c", "d"], seeds: "[1, 2, 3, 4]", limits: "{concurrency: 8}"));

        var summary = await sandbox.RunAsync(manifest, _dir.Path);

        Assert.True(summary.AllVerified, string.Join("\n", summary.Outcomes.Select(o => $"{o.Status} {o.Detail}")));
        Assert.Equal(16, summary.Outcomes.Count);
        Assert.True(sandbox.Server.Stats.Throttled > 0, "the cap was never hit; the test proves nothing");
        Assert.Equal(16, sandbox.Server.Stats.SubmissionsAccepted);
        Assert.True(sandbox.Server.Stats.PeakActiveTasks <= 2);
    }

    [Fact]
    public async Task RunAsync_BudgetForFewerJobsThanPlanned_SkipsTheRestAndNeverOverspends()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("budget", ["a", "b"], seeds: "[1, 2, 3]", limits: "{concurrency: 6, max_cost_usd: 0.25}"));

        var summary = await sandbox.RunAsync(manifest, _dir.Path, allowPartial: true);

        Assert.Equal(3, summary.Count(JobStatus.Succeeded));
        Assert.Equal(3, summary.Count(JobStatus.SkippedBudget));
        Assert.Equal(0.21m, summary.TotalSpentUsd);
        Assert.Equal(3, sandbox.Server.Stats.SubmissionsAccepted);
    }

    [Fact]
    public async Task RunAsync_ExpiredSampleUrl_PollsAgainForAFreshOne()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.SampleUrlLifetime = TimeSpan.FromTicks(1));
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("expiry", ["a"]));

        var summary = await sandbox.RunAsync(manifest, _dir.Path);

        var row = Assert.Single(summary.Outcomes);
        Assert.Equal(JobStatus.Failed, row.Status);
        Assert.Contains("expired", row.Detail, StringComparison.Ordinal);
        Assert.Contains("fresh URL", row.Detail, StringComparison.Ordinal);
        Assert.Equal(0.07m, row.CostUsd);
    }

    [Fact]
    public async Task RunAsync_TruncatedFirstDownload_DownloadsAgainAndVerifies()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.TruncateFirstDownload = true);
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("truncated", ["a", "b"]));

        var summary = await sandbox.RunAsync(manifest, _dir.Path);

        Assert.True(summary.AllVerified, string.Join("\n", summary.Outcomes.Select(o => $"{o.Status} {o.Detail}")));
        Assert.All(summary.Outcomes, o => Assert.Contains("downloaded again", o.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_Submit503s_RetriedUntilAcceptedExactlyOnce()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.SubmitFailureRate = 0.3);
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("flaky", ["a", "b", "c"], seeds: "[1, 2, 3, 4]", limits: "{concurrency: 4, max_attempts: 10}"));

        var summary = await sandbox.RunAsync(manifest, _dir.Path);

        Assert.True(summary.AllVerified, string.Join("\n", summary.Outcomes.Select(o => $"{o.Status} {o.Detail}")));
        Assert.Equal(12, sandbox.Server.Stats.SubmissionsAccepted);
        Assert.True(summary.Outcomes.Sum(o => o.Attempts) > 12);
    }

    public void Dispose() => _dir.Dispose();
}
