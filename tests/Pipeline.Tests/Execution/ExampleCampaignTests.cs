using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Tests.Support;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Tests.Execution;

/// <summary>The smaller examples in <c>manifests/</c> render on the sandbox end to end (example.yaml: <see cref="CampaignRunnerTests"/>).</summary>
public sealed class ExampleCampaignTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Theory]
    [InlineData("fill.yaml", "kettle-fill", 4)]
    [InlineData("pro-sizes.yaml", "kettle-pro-sizes", 4)]
    [InlineData("renditions.yaml", "kettle-renditions", 4)]
    public async Task RunAsync_Example_EveryJobVerified(string manifest, string campaign, int jobs)
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var summary = await sandbox.RunAsync(Repo.Manifest(manifest), _dir.Path);

        Assert.True(summary.AllVerified, string.Join("\n", summary.Outcomes.Select(o => $"{o.Status} {o.Detail}")));
        Assert.Equal(jobs, AuditReader.Read(CampaignFolder.For(_dir.Path, campaign).AuditPath).Count(r => r.Status == JobStatus.Succeeded));
    }

    [Fact]
    public async Task RunAsync_FillExample_RendersAtTheInputImagesSize()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        await sandbox.RunAsync(Repo.Manifest("fill.yaml"), _dir.Path);

        Assert.All(AuditReader.Read(CampaignFolder.For(_dir.Path, "kettle-fill").AuditPath), r => Assert.Equal((512, 512), (r.Width, r.Height)));
    }

    [Fact]
    public async Task RunAsync_AbExample_AuditTellsTheFinetunesApart()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var summary = await sandbox.RunAsync(Repo.Manifest("ab-compare.yaml"), _dir.Path);

        Assert.True(summary.AllVerified);
        var rows = AuditReader.Read(CampaignFolder.For(_dir.Path, "kettle-ab").AuditPath);
        Assert.Equal(6, rows.Count(r => r.FinetuneId == "acme-brand-v3"));
        Assert.Equal(6, rows.Count(r => r.FinetuneId == "acme-brand-v4"));
        Assert.All(rows, r => Assert.Contains((r.FinetuneStrength, r.Seed), new[] { ((decimal?)0.9m, 21L), (1.2m, 22L) }));
    }

    [Fact]
    public async Task RunAsync_RenditionsExample_DerivesEveryRenditionOfEveryMasterAndVerifiesThem()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var first = await sandbox.RunAsync(Repo.Manifest("renditions.yaml"), _dir.Path);
        var again = await sandbox.RunAsync(Repo.Manifest("renditions.yaml"), _dir.Path);

        var folder = CampaignFolder.For(_dir.Path, "kettle-renditions");
        var rows = RenditionLog.Read(folder.RenditionsLogPath);
        Assert.Equal((12, 0, 0), (first.Renditions.Derived, first.Renditions.Current, first.Renditions.Failed));
        Assert.Equal((0, 12, 0), (again.Renditions.Derived, again.Renditions.Current, again.Renditions.Failed));
        Assert.Equal(12, rows.Count);
        Assert.All(rows, r => Assert.Equal(RenditionRow.Succeeded, r.Status));
        Assert.All(rows.Where(r => r.Rendition == "feed-portrait"), r => Assert.True((r.Width, r.Height, r.Bytes <= 400_000) == (1080, 1350, true)));
        Assert.All(rows.Where(r => r.Rendition == "web-hero"), r => Assert.Equal(1920, r.Width));
        Assert.All(rows, r => Assert.True(File.Exists(Path.Combine(folder.Root, r.File!)), r.File));
        var verification = Pipeline.Verification.CampaignVerifier.Run(folder);
        Assert.True(verification.Passed, string.Join("\n", verification.Problems.Select(p => $"{p.File}: {string.Join("; ", p.Problems)}")));
        Assert.Equal(12, verification.Renditions);
    }

    public void Dispose() => _dir.Dispose();
}
