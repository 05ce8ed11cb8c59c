using Pipeline.Records;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

/// <summary><c>pipeline renditions</c>, and renditions as <c>run</c>, <c>plan</c>, <c>verify</c>, <c>status</c> and the report show them.</summary>
public sealed class RenditionsCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Renditions_ExistingCampaign_DerivesOnlyWhatIsMissingWithoutAProvider()
    {
        var output = _dir.File("out");
        var manifest = Repo.Manifest("renditions.yaml");
        var (runExit, runOut, runErr) = await CliRunner.RunAsync("run", manifest, "--output", output);
        var folder = CampaignFolder.For(output, "kettle-renditions");
        var victim = RenditionLog.Read(folder.RenditionsLogPath).First(r => r.Rendition == "web-hero");
        File.Delete(Path.Combine(folder.Root, victim.File!));

        var (exit, stdout, stderr) = await CliRunner.RunAsync("renditions", folder.Root, "--manifest", manifest);
        var (againExit, again, _) = await CliRunner.RunAsync("renditions", folder.Root, "--manifest", manifest);

        Assert.True(runExit == 0, runOut + runErr);
        Assert.Contains("renditions: 12 derived, 0 already current, 0 failed", runOut, StringComparison.Ordinal);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("renditions: 1 derived, 11 already current, 0 failed", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder.Root, victim.File!)));
        Assert.Equal(0, againExit);
        Assert.Contains("renditions: 0 derived, 12 already current", again, StringComparison.Ordinal);
        Assert.DoesNotContain(Ledger.Read(folder.LedgerPath), e => e.At > File.GetLastWriteTimeUtc(folder.RenditionsLogPath));
    }

    [Fact]
    public async Task VerifyStatusReport_CampaignWithRenditions_CheckCountAndLinkThem()
    {
        var output = _dir.File("out");
        await CliRunner.RunAsync("run", Repo.Manifest("renditions.yaml"), "--output", output);
        var folder = CampaignFolder.For(output, "kettle-renditions");

        var (verifyExit, verify, _) = await CliRunner.RunAsync("verify", folder.Root);
        var (_, status, _) = await CliRunner.RunAsync("status", folder.Root);
        var report = File.ReadAllText(Path.Combine(folder.ReportDir, "index.html"));

        Assert.True(verifyExit == 0, verify);
        Assert.Contains("renditions: 12 checked against renditions.csv", verify, StringComparison.Ordinal);
        Assert.Contains("renditions: 12 kept, 0 failed", status, StringComparison.Ordinal);
        Assert.Contains("../renditions/feed-portrait/", report, StringComparison.Ordinal);
        Assert.Contains("viewer-renditions", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_DamagedRendition_Exits1AndNamesIt()
    {
        var output = _dir.File("out");
        await CliRunner.RunAsync("run", Repo.Manifest("renditions.yaml"), "--output", output);
        var folder = CampaignFolder.For(output, "kettle-renditions");
        var victim = RenditionLog.Read(folder.RenditionsLogPath).First(r => r.Rendition == "marketplace-square");
        File.WriteAllBytes(Path.Combine(folder.Root, victim.File!), [0x89, 0x50, 0x4e, 0x47]);

        var (exit, stdout, _) = await CliRunner.RunAsync("verify", folder.Root);

        Assert.Equal(1, exit);
        Assert.Contains($"failed: {victim.File}: sha256 mismatch", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_ManifestWithRenditions_ListsThemAndTheFileCount()
    {
        var (exit, stdout, stderr) = await CliRunner.RunAsync("plan", Repo.Manifest("renditions.yaml"), "--output", _dir.File("out"));

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("feed-portrait", stdout, StringComparison.Ordinal);
        Assert.Contains("1080x1350 cover center jpeg q85 max 400000 B", stdout, StringComparison.Ordinal);
        Assert.Contains("rendition files: 12 (3 per image, in renditions/<name>/)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renditions_NoManifestFound_Exits2()
    {
        var output = _dir.File("out");
        await CliRunner.RunAsync("run", Repo.Manifest("renditions.yaml"), "--output", output);

        var (exit, _, stderr) = await CliRunner.RunAsync("renditions", CampaignFolder.For(output, "kettle-renditions").Root);

        Assert.Equal(2, exit);
        Assert.Contains("pass --manifest", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
