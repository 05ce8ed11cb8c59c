using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Sandbox;
using Pipeline.Tests.Cli;
using Pipeline.Tests.Support;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Tests.Execution;

/// <summary>
/// The CLI killed with SIGKILL mid-run, then run again against the same (still running) provider:
/// acknowledged tasks are re-attached through the ledger, never submitted twice.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private static readonly Dictionary<string, string> Key = new() { ["BFL_API_KEY"] = "test-key-123" };
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Run_KilledWithTasksInFlightThenRerun_EveryJobCompletesWithOneAcceptedSubmit()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Latency = TimeSpan.FromSeconds(1.5) }, CancellationToken.None);
        var manifest = _dir.Write("crash.yaml", TestManifests.Small("crash", prompts: 4, seeds: 10, limits: "{concurrency: 8}", provider: "bfl"));
        var output = _dir.File("out");
        var folder = CampaignFolder.For(output, "crash");

        using (var first = CliProcess.Start(Key, "run", manifest, "--base-url", server.BaseAddress.AbsoluteUri, "--output", output))
        {
            await CliProcess.WaitUntilAsync(() => SubmittedCount(folder) >= 8, TimeSpan.FromSeconds(60));
            first.Kill();
            await first.WaitAsync(TimeSpan.FromSeconds(10));
        }

        var inFlight = Ledger.Replay(Ledger.Read(folder.LedgerPath)).InFlight.Count;
        Assert.True(inFlight > 0, "the kill came after every task had finished; the test proves nothing");

        var (exit, stdout, stderr) = await CliRunner.RunWithEnvironmentAsync(Key, "run", manifest, "--base-url", server.BaseAddress.AbsoluteUri, "--output", output);

        Assert.True(exit == 0, stdout + stderr);
        var accepted = server.Stats.AcceptedByFingerprint;
        Assert.Equal(40, accepted.Count);
        Assert.All(accepted.Values, count => Assert.Equal(1, count));
        var rows = AuditReader.Read(folder.AuditPath);
        Assert.Equal(40, rows.Where(r => r.Status == JobStatus.Succeeded).Select(r => r.JobId).Distinct().Count());
        Assert.True(rows.Count(r => r.Detail?.Contains("re-attached", StringComparison.Ordinal) == true) >= inFlight);
        Assert.Empty(Ledger.Replay(Ledger.Read(folder.LedgerPath)).InFlight);
    }

    [Fact]
    public async Task Run_KilledAndRerunUnderFullConcurrency_SpendNeverExceedsTheCap()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Latency = TimeSpan.FromSeconds(1) }, CancellationToken.None);
        var manifest = _dir.Write("budget.yaml", TestManifests.Small("budget", prompts: 4, seeds: 10, limits: "{concurrency: 16, max_cost_usd: 0.50}", provider: "bfl"));
        var output = _dir.File("out");
        var folder = CampaignFolder.For(output, "budget");
        string[] args = ["run", manifest, "--base-url", server.BaseAddress.AbsoluteUri, "--output", output, "--allow-partial"];

        using (var first = CliProcess.Start(Key, args))
        {
            await CliProcess.WaitUntilAsync(() => SubmittedCount(folder) >= 4, TimeSpan.FromSeconds(60));
            first.Kill();
            await first.WaitAsync(TimeSpan.FromSeconds(10));
        }

        await CliRunner.RunWithEnvironmentAsync(Key, args);
        await CliRunner.RunWithEnvironmentAsync(Key, args);

        Assert.True(server.Stats.SubmissionsAccepted <= 8, $"{server.Stats.SubmissionsAccepted} renders at $0.06 exceed the $0.50 cap");
        Assert.True(server.Stats.CreditsCharged * 0.01m <= 0.50m);
        var rows = AuditReader.Read(folder.AuditPath);
        // A submit cut off by the kill has an unknown fate, so its price stays spent: at most 8 renders fit.
        Assert.InRange(rows.Count(r => r.Status == JobStatus.Succeeded), 1, 8);
        Assert.Contains(rows, r => r.Status == JobStatus.SkippedBudget);
    }

    [Fact]
    public async Task Run_ProviderForgotAnInFlightTask_ResubmittedOnceAndTheRowSaysSo()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Latency = TimeSpan.FromSeconds(2) }, CancellationToken.None);
        var manifest = _dir.Write("lost.yaml", TestManifests.Small("lost", prompts: 1, seeds: 4, limits: "{concurrency: 4}", provider: "bfl"));
        var output = _dir.File("out");
        var folder = CampaignFolder.For(output, "lost");
        string[] args = ["run", manifest, "--base-url", server.BaseAddress.AbsoluteUri, "--output", output];
        using (var first = CliProcess.Start(Key, args))
        {
            await CliProcess.WaitUntilAsync(() => SubmittedCount(folder) >= 4, TimeSpan.FromSeconds(60));
            first.Kill();
            await first.WaitAsync(TimeSpan.FromSeconds(10));
        }

        var lost = Ledger.Replay(Ledger.Read(folder.LedgerPath)).InFlight.Values.First();
        Assert.True(server.ForgetTask(lost.RequestId!));

        var (exit, stdout, stderr) = await CliRunner.RunWithEnvironmentAsync(Key, args);

        Assert.True(exit == 0, stdout + stderr);
        var row = AuditReader.Read(folder.AuditPath).Single(r => r.JobId == lost.JobId);
        Assert.Contains("Task not found", row.Detail, StringComparison.Ordinal);
        Assert.Contains("resubmitted once", row.Detail, StringComparison.Ordinal);
        Assert.NotEqual(lost.RequestId, row.RequestId);
        Assert.Equal(5, server.Stats.SubmissionsAccepted);
    }

    [Fact]
    public async Task Run_FirstCtrlC_StopsSubmittingLetsInFlightJobsFinishAndExits130()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Latency = TimeSpan.FromSeconds(1) }, CancellationToken.None);
        var manifest = _dir.Write("int.yaml", TestManifests.Small("interrupted", prompts: 4, seeds: 10, limits: "{concurrency: 4}", provider: "bfl"));
        var output = _dir.File("out");
        var folder = CampaignFolder.For(output, "interrupted");
        string[] args = ["run", manifest, "--base-url", server.BaseAddress.AbsoluteUri, "--output", output];

        using (var first = CliProcess.Start(Key, args))
        {
            await CliProcess.WaitUntilAsync(() => SubmittedCount(folder) >= 2, TimeSpan.FromSeconds(60));
            first.Interrupt();
            var stopped = await first.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(stopped == 130, $"exit {stopped}; submitted when interrupted: {SubmittedCount(folder)}; output:\n{first.Output}");
        }

        var ledger = Ledger.Read(folder.LedgerPath);
        Assert.Empty(Ledger.Replay(ledger).InFlight);
        var submitted = ledger.Count(e => e.Type == LedgerEntry.SubmittedType);
        Assert.InRange(submitted, 2, 39);
        Assert.Equal(submitted, AuditReader.Read(folder.AuditPath).Count(r => r.Status == JobStatus.Succeeded));

        var (exit, stdout, stderr) = await CliRunner.RunWithEnvironmentAsync(Key, args);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal(40, server.Stats.SubmissionsAccepted);
        Assert.All(server.Stats.AcceptedByFingerprint.Values, count => Assert.Equal(1, count));
    }

    private static int SubmittedCount(CampaignFolder folder) =>
        File.Exists(folder.LedgerPath) ? Ledger.Read(folder.LedgerPath).Count(e => e.Type == LedgerEntry.SubmittedType) : 0;

    public void Dispose() => _dir.Dispose();
}
