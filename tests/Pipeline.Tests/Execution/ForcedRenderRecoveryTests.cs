using Pipeline.Domain;
using Pipeline.Imaging;
using Pipeline.Records;
using Pipeline.Sandbox;
using Pipeline.Tests.Cli;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Execution;

/// <summary>
/// A forced re-render has the same job id as the render it replaces, so the ledger tells them apart by request: a
/// forced render cut off by a crash is finished by the next run without paying again, and a forced job is never
/// taken for the crash-resume of its old task (docs/architecture.md#46-re-rendering-chosen-jobs-only-and-force).
/// </summary>
public sealed class ForcedRenderRecoveryTests : IDisposable
{
    private static readonly Dictionary<string, string> Key = new() { ["BFL_API_KEY"] = "test-key-123" };
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Run_KilledDuringAForcedRenderThenRerunWithoutForce_ReattachesKeepsTheOldFileAndPaysOnce()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Latency = TimeSpan.FromSeconds(2) }, CancellationToken.None);
        var manifest = _dir.Write("m.yaml", TestManifests.Small("forced", prompts: 1, seeds: 2, provider: "bfl"));
        var output = _dir.File("out");
        var folder = CampaignFolder.For(output, "forced");
        string[] run = ["run", manifest, "--base-url", server.BaseAddress.AbsoluteUri, "--output", output];
        await CliRunner.RunWithEnvironmentAsync(Key, run);
        var old = AuditReader.Read(folder.AuditPath).Single(r => r.Seed == 1);

        using (var forced = CliProcess.Start(Key, [.. run, "--only", "seed=1", "--force"]))
        {
            await CliProcess.WaitUntilAsync(() => Submitted(folder) >= 3, TimeSpan.FromSeconds(60));
            forced.Kill();
            await forced.WaitAsync(TimeSpan.FromSeconds(10));
        }

        var open = Ledger.Replay(Ledger.Read(folder.LedgerPath)).Open(AuditReader.Read(folder.AuditPath));
        Assert.True(open.ContainsKey(old.JobId), "the kill came after the forced render had finished; the test proves nothing");
        var (exit, stdout, stderr) = await CliRunner.RunWithEnvironmentAsync(Key, run);
        var (verify, verifyOut, _) = await CliRunner.RunAsync("verify", folder.Root);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal(3, server.Stats.SubmissionsAccepted);
        var latest = AuditReader.Read(folder.AuditPath).Last(r => r.JobId == old.JobId);
        Assert.Equal(JobStatus.Succeeded, latest.Status);
        Assert.Equal(open[old.JobId].RequestId, latest.RequestId);
        Assert.Contains("re-attached", latest.Detail, StringComparison.Ordinal);
        Assert.Contains("is kept as superseded/", latest.Detail, StringComparison.Ordinal);
        Assert.Equal(latest.Sha256, FileHash.Sha256(Path.Combine(folder.Root, latest.File!)));
        Assert.Equal(old.Sha256, FileHash.Sha256(Path.Combine(folder.SupersededDir, $"{Path.GetFileNameWithoutExtension(old.File)}.{old.Sha256![..12]}.png")));
        Assert.True(verify == 0, verifyOut);
    }

    [Fact]
    public async Task Run_ForcedJobWhoseOldTaskLooksInFlight_SubmitsANewRenderInsteadOfReattachingTheOldOne()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Latency = TimeSpan.FromMilliseconds(50) }, CancellationToken.None);
        var manifest = _dir.Write("m.yaml", TestManifests.Small("stale", prompts: 1, seeds: 2, provider: "bfl"));
        var output = _dir.File("out");
        var folder = CampaignFolder.For(output, "stale");
        string[] run = ["run", manifest, "--base-url", server.BaseAddress.AbsoluteUri, "--output", output];
        await CliRunner.RunWithEnvironmentAsync(Key, run);
        var old = AuditReader.Read(folder.AuditPath).Single(r => r.Seed == 1);
        // A crash between the job's audit row and its "settled" line: the ledger alone says the old task is in flight.
        var lines = File.ReadAllLines(folder.LedgerPath).Where(l => !(l.Contains("\"type\":\"settled\"", StringComparison.Ordinal) && l.Contains(old.JobId, StringComparison.Ordinal)));
        File.WriteAllLines(folder.LedgerPath, lines);
        var ledger = Ledger.Replay(Ledger.Read(folder.LedgerPath));
        Assert.True(ledger.InFlight.ContainsKey(old.JobId));
        Assert.Empty(ledger.Open(AuditReader.Read(folder.AuditPath)));
        var (verifyBefore, verifyBeforeOut, _) = await CliRunner.RunAsync("verify", folder.Root);

        var (exit, stdout, stderr) = await CliRunner.RunWithEnvironmentAsync(Key, [.. run, "--only", "seed=1", "--force"]);

        Assert.True(verifyBefore == 0, verifyBeforeOut);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal(3, server.Stats.SubmissionsAccepted);
        var latest = AuditReader.Read(folder.AuditPath).Last(r => r.JobId == old.JobId);
        Assert.NotEqual(old.RequestId, latest.RequestId);
        Assert.NotEqual(old.Sha256, latest.Sha256);
        Assert.DoesNotContain("re-attached", latest.Detail, StringComparison.Ordinal);
        Assert.Empty(Ledger.Replay(Ledger.Read(folder.LedgerPath)).Open(AuditReader.Read(folder.AuditPath)));
    }

    [Fact]
    public async Task Run_CrashBeforeAFailedForcedRenderWasRestated_NextRunKeepsTheEarlierFileAsideBeforeFilingANewOne()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Latency = TimeSpan.FromMilliseconds(50) }, CancellationToken.None);
        var manifest = _dir.Write("m.yaml", TestManifests.Small("window", prompts: 1, seeds: 2, provider: "bfl"));
        var output = _dir.File("out");
        var folder = CampaignFolder.For(output, "window");
        string[] run = ["run", manifest, "--base-url", server.BaseAddress.AbsoluteUri, "--output", output];
        await CliRunner.RunWithEnvironmentAsync(Key, run);
        var old = AuditReader.Read(folder.AuditPath).Single(r => r.Seed == 1);
        using (var audit = AuditLog.Open(folder.AuditPath))
        {
            // The forced render's row, with the process gone before the row restating the earlier render.
            audit.Append(old with { Status = JobStatus.ContentModerated, File = null, Sha256 = null, CostUsd = 0m, RequestId = "req-forced", Detail = "Content Moderated" });
        }

        var (exit, stdout, stderr) = await CliRunner.RunWithEnvironmentAsync(Key, run);

        Assert.True(exit == 0, stdout + stderr);
        var latest = AuditReader.Read(folder.AuditPath).Last(r => r.JobId == old.JobId);
        Assert.Equal(JobStatus.Succeeded, latest.Status);
        Assert.Contains("an earlier file under this name", latest.Detail, StringComparison.Ordinal);
        Assert.Equal(old.Sha256, FileHash.Sha256(Path.Combine(folder.SupersededDir, $"{Path.GetFileNameWithoutExtension(old.File)}.{old.Sha256![..12]}.png")));
        Assert.Equal(latest.Sha256, FileHash.Sha256(Path.Combine(folder.Root, latest.File!)));
    }

    public void Dispose() => _dir.Dispose();

    private static int Submitted(CampaignFolder folder) =>
        File.Exists(folder.LedgerPath) ? Ledger.Read(folder.LedgerPath).Count(e => e.Type == LedgerEntry.SubmittedType) : 0;
}
