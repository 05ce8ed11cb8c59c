using System.Diagnostics;
using Pipeline.Domain;
using Pipeline.Records;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

/// <summary>Issue 14, items 5, 7, 8 and 13: budget-capped runs, progress, a died run's time, a full disk — through the real CLI.</summary>
public sealed class MoneySafeOutputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Run_AllowPartialUnderACap_OneSummaryLineEvenCoverageAndStatusSaysSkipped()
    {
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("partial", ["a", "b", "c", "d"], strengths: "[0.8, 1.0, 1.2]", seeds: "[1, 2, 3]", limits: "{concurrency: 1, max_cost_usd: 0.84}"));
        var output = _dir.File("out");

        var (exit, stdout, stderr) = await CliRunner.RunAsync("run", manifest, "--output", output, "--allow-partial");
        var (_, status, _) = await CliRunner.RunAsync("status", Path.Combine(output, "partial"));

        Assert.Equal(1, exit);
        Assert.Contains("this run: 12 succeeded, 24 skipped_budget", stdout, StringComparison.Ordinal);
        Assert.Contains("24 jobs skipped_budget: the cap $0.84 was taken ($0.84 billed", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("  skipped_budget:", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("budget:", stderr, StringComparison.Ordinal);
        var rendered = AuditReader.Read(Path.Combine(output, "partial", "audit.csv")).Where(r => r.Status == JobStatus.Succeeded).ToList();
        Assert.Equal(12, rendered.Select(r => (r.PromptId, r.FinetuneStrength)).Distinct().Count());
        var skipped = AuditReader.Read(Path.Combine(output, "partial", "audit.csv")).First(r => r.Status == JobStatus.SkippedBudget);
        Assert.Matches(@"^budget: \$0\.\d\d billed \+ \$0\.\d\d reserved of \$0\.84, job needs \$0\.07$", skipped.Detail);
        Assert.Contains("36 planned, 12 verified, 0 in flight, 0 failed, 24 skipped (budget), 0 not started", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NotATerminal_PrintsPlainProgressLines()
    {
        var manifest = _dir.Write("m.yaml", TestManifests.Small("progress", prompts: 10, seeds: 4));

        var (exit, stdout, _) = await CliRunner.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["PIPELINE_PROGRESS_SECONDS"] = "0.02" }, "run", manifest, "--output", _dir.File("out"));

        Assert.Equal(0, exit);
        Assert.Matches(@"progress: \d+/40 done \(\d+ ok, 0 failed\), \$[0-9.]+ billed, ETA ", stdout);
    }

    [Fact]
    public async Task Status_RunKilled_ShowsWhenTheDeadRunStarted()
    {
        var manifest = _dir.Write("m.yaml", TestManifests.Small("died", prompts: 1, seeds: 1));
        var output = _dir.File("out");
        await CliRunner.RunAsync("run", manifest, "--output", output);
        var folder = new CampaignFolder(Path.Combine(output, "died"));
        var record = RunRecord.Read(folder.RunRecordPath)!;
        using var gone = Process.Start("true")!;
        await gone.WaitForExitAsync();
        (record with { Outcome = null, FinishedAt = null, ProcessId = gone.Id }).Write(folder.RunRecordPath);

        var (_, status, _) = await CliRunner.RunAsync("status", folder.Root);

        Assert.Matches(@"run:\s+died \(process gone\) \(started \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ, pid \d+", status);
    }

    [Fact]
    public async Task Run_DiskFills_OneMessageNoTraceNoTempFilesAndTheRerunFinishes()
    {
        var mount = _dir.File("small");
        Directory.CreateDirectory(mount);
        if (!Mount(mount, "6m"))
        {
            return; // Mounting a tmpfs needs root; the engine path is the same on any full file system.
        }

        try
        {
            var manifest = _dir.Write("m.yaml", TestManifests.Ultra("full", ["a", "b", "c", "d"], strengths: "[0.8, 1.0, 1.2]", seeds: "[1, 2, 3]"));

            var (exit, stdout, stderr) = await CliRunner.RunAsync("run", manifest, "--output", mount);

            Assert.Equal(1, exit);
            Assert.Contains("error: the disk is full in ", stderr, StringComparison.Ordinal);
            Assert.Contains("nothing paid for is lost", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", stderr + stdout, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(mount, "full", ".tmp")));


            // "Free space": the campaign folder moves to a roomy disk, as it is; the rerun resumes it there.
            var roomy = _dir.File("roomy");
            Directory.CreateDirectory(roomy);
            Assert.True(Run("cp", "-a", Path.Combine(mount, "full"), roomy));
            var (rerun, rerunOut, rerunErr) = await CliRunner.RunAsync("run", manifest, "--output", roomy);
            var (_, status, _) = await CliRunner.RunAsync("status", Path.Combine(roomy, "full"));
            Assert.True(rerun == 0, rerunOut + rerunErr);
            Assert.Contains("36 planned, 36 verified", status, StringComparison.Ordinal);
        }
        finally
        {
            Run("umount", mount);
        }
    }

    private static bool Mount(string path, string size) => Environment.UserName == "root" && Run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", path);

    private static bool Run(string file, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    public void Dispose() => _dir.Dispose();
}
