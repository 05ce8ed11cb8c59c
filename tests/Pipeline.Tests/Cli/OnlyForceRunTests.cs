using Pipeline.Domain;
using Pipeline.Imaging;
using Pipeline.Records;
using Pipeline.Sandbox;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

/// <summary>
/// Issue 14: <c>run --only &lt;selector&gt;</c> and <c>run --force</c> through the real command line against a sandbox on
/// loopback whose submits are counted (docs/architecture.md#46-re-rendering-chosen-jobs-only-and-force).
/// </summary>
public sealed class OnlyForceRunTests : IAsyncLifetime, IDisposable
{
    /// <summary>2 prompts × 2 strengths × 2 seeds of small PNGs at $0.06 (pretend).</summary>
    private const string Manifest = """
        version: 1
        campaign: chosen
        provider: sandbox
        model: flux-pro-finetuned
        finetune_id: acme-brand-v3
        matrix:
          prompts:
            - id: p0
              text: "kettle number 0"
            - id: p1
              text: "kettle number 1"
          finetune_strengths: [1.0, 1.2]
          seeds: {count: 2, start: 1}
          sizes: ["256x256"]
        params: {output_format: png, safety_tolerance: 2}
        limits: {concurrency: 8}
        """;

    private readonly TempDirectory _dir = new();
    private SandboxServer _sandbox = null!;
    private string _manifest = null!;
    private string _output = null!;

    private string Campaign => Path.Combine(_output, "chosen");

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions { Latency = TimeSpan.FromMilliseconds(20) }, CancellationToken.None);
        _manifest = _dir.Write("m.yaml", Manifest);
        _output = _dir.File("out");
    }

    [Fact]
    public async Task Run_OnlyOnAFreshCampaign_RendersOnlyTheMatchingJobsAndStatusCountsThePlan()
    {
        var (exit, stdout, stderr) = await RunAsync("--only", "prompt=p0,seed=2", "--only", "prompt=p1,strength=1.2,seed=1");
        var (_, status, _) = await CliRunner.RunAsync("status", Campaign);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal(3, _sandbox.Stats.SubmissionsAccepted);
        Assert.Contains("--only prompt=p0,seed=2 --only prompt=p1,strength=1.2,seed=1: 3 of 8 planned jobs selected; the other 5 are left as they are.", stdout, StringComparison.Ordinal);
        Assert.Contains("this run: 3 succeeded", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("skipped_budget", stdout, StringComparison.Ordinal);
        var rows = AuditReader.Read(Path.Combine(Campaign, "audit.csv"));
        Assert.Equal(
            ["p0 1.0 2", "p0 1.2 2", "p1 1.2 1"],
            rows.Select(r => $"{r.PromptId} {r.FinetuneStrength} {r.Seed}").Order(StringComparer.Ordinal));
        Assert.Contains("jobs:       8 planned, 3 verified", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OnlyOnAFinishedCampaignWithoutForce_RendersNothing()
    {
        await RunAsync();
        var accepted = _sandbox.Stats.SubmissionsAccepted;

        var (exit, stdout, stderr) = await RunAsync("--only", "prompt=p0");

        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal(accepted, _sandbox.Stats.SubmissionsAccepted);
        Assert.Contains("4 of 4 selected jobs already verified", stdout, StringComparison.Ordinal);
        Assert.Equal(8, AuditReader.Read(Path.Combine(Campaign, "audit.csv")).Count);
        Assert.False(Directory.Exists(Path.Combine(Campaign, "superseded")));
    }

    [Fact]
    public async Task Run_OnlyWithForce_RendersExactlyThoseAgainKeepsTheOldFilesAndReportExportAndVerifyUseTheNewOnes()
    {
        await RunAsync();
        var accepted = _sandbox.Stats.SubmissionsAccepted;
        var before = AuditReader.Read(Path.Combine(Campaign, "audit.csv")).ToDictionary(r => r.JobId);

        var (exit, stdout, stderr) = await RunAsync("--only", "prompt=p0,strength=1.0,seed=1", "--only", "prompt=p1,seed=2,strength=1.2", "--force");
        var (verify, verifyOut, verifyErr) = await CliRunner.RunAsync("verify", Campaign);
        var (exported, exportOut, exportErr) = await CliRunner.RunAsync("export", Campaign, "--to", _dir.File("handoff"), "--all");
        var (_, status, _) = await CliRunner.RunAsync("status", Campaign);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal(accepted + 2, _sandbox.Stats.SubmissionsAccepted);
        Assert.Contains("2 verified jobs rendered again (forced)", stdout, StringComparison.Ordinal);
        var rows = AuditReader.Read(Path.Combine(Campaign, "audit.csv"));
        var forced = rows.Skip(8).ToList();
        Assert.Equal(2, forced.Count);
        var report = await File.ReadAllTextAsync(Path.Combine(Campaign, "report", "index.html"));
        var handoff = ExportedSha256s();
        foreach (var row in forced)
        {
            var old = before[row.JobId];
            Assert.Equal(JobStatus.Succeeded, row.Status);
            Assert.Equal(old.File, row.File);
            Assert.NotEqual(old.Sha256, row.Sha256);
            Assert.NotEqual(old.RequestId, row.RequestId);
            Assert.Equal(row.Sha256, FileHash.Sha256(Path.Combine(Campaign, row.File!)));
            var kept = Path.Combine(Campaign, "superseded", $"{Path.GetFileNameWithoutExtension(old.File)}.{old.Sha256![..12]}.png");
            Assert.Equal(old.Sha256, FileHash.Sha256(kept));
            Assert.Contains($"\"sha256\": \"{old.Sha256}\"", await File.ReadAllTextAsync(kept + ".json"), StringComparison.Ordinal);
            Assert.Contains("is kept as superseded/", row.Detail, StringComparison.Ordinal);
            Assert.Contains($"thumbs/{row.Sha256}.jpg", report, StringComparison.Ordinal);
            Assert.DoesNotContain($"thumbs/{old.Sha256}.jpg", report, StringComparison.Ordinal);
            Assert.Equal(row.Sha256, handoff[row.JobId]);
        }

        Assert.Equal(["p0 1.0 1", "p1 1.2 2"], forced.Select(r => $"{r.PromptId} {r.FinetuneStrength} {r.Seed}").Order(StringComparer.Ordinal));
        Assert.True(verify == 0, verifyOut + verifyErr);
        Assert.True(exported == 0, exportOut + exportErr);
        Assert.Contains("jobs:       8 planned, 8 verified", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ForcedRenderModerated_TheEarlierRenderStaysTheJobsImage()
    {
        await RunAsync();
        var before = AuditReader.Read(Path.Combine(Campaign, "audit.csv")).Single(r => r is { PromptId: "p0", Seed: 1 } && r.FinetuneStrength == 1.0m);
        await using var moderating = await SandboxServer.StartAsync(new SandboxOptions { Latency = TimeSpan.FromMilliseconds(20), ModerationRate = 1 }, CancellationToken.None);

        var (exit, stdout, _) = await CliRunner.RunAsync("run", _manifest, "--output", _output, "--base-url", moderating.BaseAddress.AbsoluteUri, "--only", "prompt=p0,strength=1.0,seed=1", "--force");
        var (verify, verifyOut, verifyErr) = await CliRunner.RunAsync("verify", Campaign);
        var (_, status, _) = await CliRunner.RunAsync("status", Campaign);
        var (again, againOut, _) = await RunAsync();

        Assert.Equal(1, exit);
        Assert.Contains("moderated", stdout, StringComparison.Ordinal);
        var rows = AuditReader.Read(Path.Combine(Campaign, "audit.csv")).Where(r => r.JobId == before.JobId).ToList();
        Assert.Equal(3, rows.Count);
        Assert.NotEqual(JobStatus.Succeeded, rows[1].Status);
        Assert.Equal((JobStatus.Succeeded, before.File, before.Sha256, before.RequestId, 0m), (rows[2].Status, rows[2].File, rows[2].Sha256, rows[2].RequestId, rows[2].CostUsd));
        Assert.Contains("stays the job's image", rows[2].Detail, StringComparison.Ordinal);
        Assert.Equal(before.Sha256, FileHash.Sha256(Path.Combine(Campaign, before.File!)));
        Assert.False(Directory.Exists(Path.Combine(Campaign, "superseded")));
        Assert.True(verify == 0, verifyOut + verifyErr);
        Assert.Contains("jobs:       8 planned, 8 verified", status, StringComparison.Ordinal);
        Assert.Equal(0, again);
        Assert.Contains("8 of 8 jobs already verified", againOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunDryRun_OnlyWithForce_ListsTheRendersAndTheirCostAndWritesNothing()
    {
        await RunAsync();
        var audit = await File.ReadAllBytesAsync(Path.Combine(Campaign, "audit.csv"));
        var accepted = _sandbox.Stats.SubmissionsAccepted;

        var (exit, stdout, _) = await RunAsync("--only", "prompt=p0", "--force", "--dry-run");

        Assert.Equal(0, exit);
        Assert.Contains("dry run: 0 already verified, 4 would render (4 of them verified jobs rendered again) for an estimated $0.24 at list price ($0.06 each)", stdout, StringComparison.Ordinal);
        Assert.Equal(4, stdout.Split('\n').Count(l => l.StartsWith("  would render: prompt=p0,", StringComparison.Ordinal) && l.Contains("forced:", StringComparison.Ordinal)));
        Assert.Equal(audit, await File.ReadAllBytesAsync(Path.Combine(Campaign, "audit.csv")));
        Assert.Equal(accepted, _sandbox.Stats.SubmissionsAccepted);
        Assert.False(Directory.Exists(Path.Combine(Campaign, "superseded")));
    }

    [Fact]
    public async Task Run_ForcedRendersOverTheBudget_RefusedCountingTheirCost()
    {
        await RunAsync();

        var (exit, _, stderr) = await RunAsync("--only", "prompt=p0", "--force", "--max-cost", "0.6");

        Assert.Equal(2, exit);
        Assert.Contains("needs an estimated $0.72: 4 jobs still to render × $0.06 list price = $0.24, plus $0.48 already spent", stderr, StringComparison.Ordinal);
        Assert.Equal(8, AuditReader.Read(Path.Combine(Campaign, "audit.csv")).Count);
    }

    [Fact]
    public async Task Run_ForceWithoutOnly_RefusedWithExit2AndNothingWritten()
    {
        var (exit, _, stderr) = await RunAsync("--force");

        Assert.Equal(2, exit);
        Assert.Contains("--force renders verified jobs again and pays for them again, so it needs --only <selector>", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_output));
        Assert.Equal(0, _sandbox.Stats.SubmitsReceived);
    }

    [Theory]
    [InlineData("sead=1", "error: --only 'sead=1', column 1: sead: unknown key 'sead' (did you mean 'seed'?)")]
    [InlineData("prompt=p9", "error: --only 'prompt=p9', column 8: prompt: unknown prompt id 'p9'")]
    [InlineData("prompt", "error: --only 'prompt', column 1: expected key=value, found 'prompt'")]
    [InlineData("seed=x", "error: --only 'seed=x', column 6: seed: expected an integer")]
    [InlineData("seed=99", "error: --only 'seed=99' matches no job of the plan; its values are prompt p0, p1; finetune_strength 1.0, 1.2; seed 1, 2; size 256x256.")]
    public async Task Run_BadSelector_Exits2NamingTheSelectorAndWritesNothing(string selector, string expected)
    {
        var (exit, _, stderr) = await RunAsync("--only", selector);

        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_output));
        Assert.Equal(0, _sandbox.Stats.SubmitsReceived);
    }

    [Fact]
    public async Task RunHelp_DocumentsOnlyAndForce()
    {
        var (exit, stdout, _) = await CliRunner.RunAsync("run", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("--only <selector>", stdout, StringComparison.Ordinal);
        Assert.Contains("prompt=kettle-hero,seed=11", stdout, StringComparison.Ordinal);
        Assert.Contains("a job is taken when any selector matches", stdout, StringComparison.Ordinal);
        Assert.Contains("paying for them again; requires --only", stdout, StringComparison.Ordinal);
        Assert.Contains("superseded/", stdout, StringComparison.Ordinal);
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] options) =>
        CliRunner.RunAsync(["run", _manifest, "--output", _output, "--base-url", _sandbox.BaseAddress.AbsoluteUri, .. options]);

    /// <summary>The export's <c>job_id → sha256</c>, read with CsvHelper.</summary>
    private Dictionary<string, string> ExportedSha256s()
    {
        var path = _dir.File("handoff/export.csv");
        if (!File.Exists(path))
        {
            return [];
        }

        using var csv = CsvHelper.CsvReader.FromFile(path);
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        while (csv.Read())
        {
            rows[csv.GetString("job_id")] = csv.GetString("sha256");
        }

        return rows;
    }
}
