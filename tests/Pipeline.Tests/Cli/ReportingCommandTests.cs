using Pipeline.Audit;
using Pipeline.Tests.Support;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Tests.Cli;

/// <summary><c>verify</c>, <c>report</c>, <c>audit</c> and <c>inspect</c> on real campaign folders, through the real command tree.</summary>
public sealed class ReportingCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Verify_FreshCampaign_Exits0WithSummaryAndCsv()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);

        var (exit, stdout, error) = await CliRunner.RunAsync("verify", folder.Root);

        Assert.True(exit == 0, stdout + error);
        Assert.Contains("acme-spring: 24 jobs, 1 audit log(s), 1 ledger(s)", stdout, StringComparison.Ordinal);
        Assert.Matches(@"ok\s*│\s*24", stdout);
        Assert.Contains("verified: every kept file matches its records.", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder.ReportDir, "verification.csv")));
    }

    [Fact]
    public async Task Verify_AfterTamperingWithOneFile_Exits1NamingTheFile()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var victim = CampaignAudit.Read(folder).Latest[7].File!;
        var path = Path.Combine(folder.Root, victim);
        var bytes = File.ReadAllBytes(path);
        bytes[^10] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        var (exit, stdout, _) = await CliRunner.RunAsync("verify", folder.Root);

        Assert.Equal(1, exit);
        Assert.Contains($"failed: {victim}: sha256 mismatch", stdout, StringComparison.Ordinal);
        Assert.Contains("1 problem(s).", stdout, StringComparison.Ordinal);
        Assert.Contains(victim, File.ReadAllText(Path.Combine(folder.ReportDir, "verification.csv")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("verify")]
    [InlineData("report")]
    [InlineData("audit")]
    public async Task CampaignCommands_FolderThatIsNotACampaign_Exit2(string command)
    {
        var (empty, _, error) = await CliRunner.RunAsync(command, _dir.Path);
        var (absent, _, _) = await CliRunner.RunAsync(command, _dir.File("nowhere"));

        Assert.Equal((2, 2), (empty, absent));
        Assert.Contains("not a campaign folder", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_Campaign_WritesIndexAndPrintsItsPath()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);

        var (exit, stdout, _) = await CliRunner.RunAsync("report", folder.Root);

        Assert.Equal(0, exit);
        Assert.Contains("report: ", stdout, StringComparison.Ordinal);
        Assert.EndsWith(Path.Combine("report", "index.html"), stdout.Trim(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder.ReportDir, "index.html")));
    }

    [Fact]
    public async Task Audit_Campaign_PrintsStatusesSpendLatencyAndAttempts()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);

        var (exit, stdout, _) = await CliRunner.RunAsync("audit", folder.Root);

        Assert.Equal(0, exit);
        Assert.Contains("acme-spring: 24 jobs, 24 outcome rows, 1 run(s) (audit.csv)", stdout, StringComparison.Ordinal);
        Assert.Matches(@"succeeded\s*│\s*24", stdout);
        Assert.Contains("pass rate: 100% (24 of 24)", stdout, StringComparison.Ordinal);
        Assert.Contains("spend: $1.68", stdout, StringComparison.Ordinal);
        Assert.Matches(@"kettle-hero\s*│\s*12\s*│\s*12\s*│\s*\$0\.84", stdout);
        Assert.Matches(@"latency \(submitted → completed, 24 rows\): p50 \d+\.\d\d s, p95 \d+\.\d\d s", stdout);
        Assert.Contains("attempts: 24 in total", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_KeptJpeg_PrintsTheEmbeddedRecordAndThatTheBytesMatch()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var row = CampaignAudit.Read(folder).Latest[0];

        var (exit, stdout, error) = await CliRunner.RunAsync("inspect", Path.Combine(folder.Root, row.File!));

        Assert.True(exit == 0, stdout + error);
        Assert.Contains($"format:     jpeg, {row.Width}x{row.Height} pixels", stdout, StringComparison.Ordinal);
        Assert.Contains("sha256:     " + row.Sha256, stdout, StringComparison.Ordinal);
        Assert.Contains("sidecar:    sha256 matches the file", stdout, StringComparison.Ordinal);
        Assert.Contains("source_sha256 matches", stdout, StringComparison.Ordinal);
        Assert.Contains($"\"job_id\": \"{row.JobId}\"", stdout, StringComparison.Ordinal);
        Assert.Contains($"\"request_id\": \"{row.RequestId}\"", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_KeptPng_ReadsTheITxtRecord()
    {
        var manifest = _dir.Write("png.yaml", """
            version: 1
            campaign: png-sized
            provider: sandbox
            model: flux-pro-finetuned
            finetune_id: acme-brand-v3
            matrix:
              prompts: [kettle]
              finetune_strengths: [1.0]
              seeds: [7]
              sizes: ["512x384"]
            params: {output_format: png}
            verify: {formats: [png]}
            """);
        var folder = await RenderedCampaigns.CopyAsync(manifest, _dir.File("out"));
        var row = Assert.Single(CampaignAudit.Read(folder).Latest);

        var (exit, stdout, error) = await CliRunner.RunAsync("inspect", Path.Combine(folder.Root, row.File!));

        Assert.True(exit == 0, stdout + error);
        Assert.Contains("format:     png, 512x384 pixels", stdout, StringComparison.Ordinal);
        Assert.Contains($"\"job_id\": \"{row.JobId}\"", stdout, StringComparison.Ordinal);
        Assert.Contains("\"finetune_strength\": 1.0,", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_ImageChangedAfterStoring_Exits1SayingWhat()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var path = Path.Combine(folder.Root, CampaignAudit.Read(folder).Latest[0].File!);
        var bytes = File.ReadAllBytes(path);
        bytes[^50] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        var (exit, stdout, _) = await CliRunner.RunAsync("inspect", path);

        Assert.Equal(1, exit);
        Assert.Contains("sidecar:    sha256 DIFFERS", stdout, StringComparison.Ordinal);
        Assert.Contains("the bytes DIFFER from the provider's output", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_MissingFileOrNotAnImage_Exits2()
    {
        var (missing, _, error) = await CliRunner.RunAsync("inspect", _dir.File("none.jpg"));
        var (text, _, _) = await CliRunner.RunAsync("inspect", _dir.Write("notes.jpg", "hello"));

        Assert.Equal((2, 2), (missing, text));
        Assert.Contains("no such file", error, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
