using Pipeline.Imaging;
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

    [Fact]
    public async Task Run_TwoShardsAsProcessesAtOnce_RenditionsCsvHasOneHeaderAndEveryRowWhole()
    {
        var output = _dir.File("out");
        var manifest = _dir.Write("shards.yaml", TestManifests.Small("shards", prompts: 8, seeds: 5) + """

            renditions:
              - {name: feed, size: 216x270, format: jpeg}
              - {name: hero, width: 192, format: webp}
              - {name: square, size: 128x128, fit: contain, format: png}
            """);
        var none = new Dictionary<string, string>();

        using var first = CliProcess.Start(none, "run", manifest, "--output", output, "--shard", "1/2");
        using var second = CliProcess.Start(none, "run", manifest, "--output", output, "--shard", "2/2");
        var exits = await Task.WhenAll(first.WaitAsync(TimeSpan.FromMinutes(3)), second.WaitAsync(TimeSpan.FromMinutes(3)));

        Assert.True(exits is [0, 0], first.Output + second.Output);
        var folder = CampaignFolder.For(output, "shards");
        var text = File.ReadAllText(folder.RenditionsLogPath);
        Assert.Equal(1, text.Split("\r\n").Count(line => line == string.Join(',', RenditionRow.Columns)));
        using var csv = CsvHelper.CsvReader.FromFile(folder.RenditionsLogPath);
        var rows = new List<(string JobId, string Rendition, string File, string Sha256, string Status)>();
        while (csv.Read())
        {
            rows.Add((csv.GetString("job_id"), csv.GetString("rendition"), csv.GetString("file"), csv.GetString("sha256"), csv.GetString("status")));
        }

        Assert.Equal(40 * 3, rows.Count);
        Assert.Equal(40 * 3, rows.Select(r => (r.JobId, r.Rendition)).Distinct().Count());
        Assert.All(rows, r => Assert.Equal((RenditionRow.Succeeded, r.Sha256), (r.Status, FileHash.Sha256(Path.Combine(folder.Root, r.File)))));
    }

    public void Dispose() => _dir.Dispose();
}
