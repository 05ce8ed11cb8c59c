using System.Threading.Channels;
using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Scheduling;
using Pipeline.Tests.Support;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Tests.Scheduling;

/// <summary>
/// The scheduler on a manual clock (2026-01-01T00:00Z) against a real sandbox: nothing runs before a fire time,
/// a fire runs the campaign, a fire while it still runs is skipped, and a stop mid-run resumes at the next start.
/// </summary>
public sealed class CampaignSchedulerTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();
    private readonly ManualTimeProvider _clock = new();
    private readonly Channel<DateTimeOffset> _waits = Channel.CreateUnbounded<DateTimeOffset>();
    private readonly Channel<ScheduledRun> _ended = Channel.CreateUnbounded<ScheduledRun>();

    [Fact]
    public async Task RunAsync_ClockReachesTheFireTime_RendersTheCampaign()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var file = Schedule("nightly", TestManifests.Small("nightly", prompts: 2, seeds: 2), "30 0 * * *");
        using var stop = new CancellationTokenSource();
        var serving = Scheduler(sandbox).RunAsync(file, _dir.Path, stop.Token, CancellationToken.None);

        Assert.Equal(At(0, 30), await NextWaitAsync());
        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.False(Directory.Exists(_dir.File("nightly")), "ran before its fire time");
        _clock.Advance(TimeSpan.FromMinutes(1));
        var run = await NextRunAsync();

        Assert.Equal(ScheduledRunOutcome.Completed, run.Outcome);
        Assert.Equal(At(0, 30), run.FireTime);
        Assert.True(run.Summary!.AllVerified);
        Assert.Equal(4, AuditReader.Read(_dir.File("nightly/audit.csv")).Count(r => r.Status == JobStatus.Succeeded));
        Assert.Equal(At(0, 30).AddDays(1), await NextWaitAsync());
        await stop.CancelAsync();
        Assert.False(await serving.WaitAsync(Timeout));
    }

    [Fact]
    public async Task RunAsync_FireWhileTheCampaignStillRuns_IsSkippedNotOverlapped()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.Latency = TimeSpan.FromSeconds(2));
        var file = Schedule("minutely", TestManifests.Small("minutely", prompts: 2, seeds: 4, limits: "{concurrency: 2}"), "* * * * *");
        using var stop = new CancellationTokenSource();
        var serving = Scheduler(sandbox).RunAsync(file, _dir.Path, stop.Token, CancellationToken.None);

        Assert.Equal(At(0, 1), await NextWaitAsync());
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(At(0, 2), await NextWaitAsync());
        await CliProcess.WaitUntilAsync(() => File.Exists(_dir.File("minutely/run.json")), Timeout);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var skipped = await NextRunAsync();
        var completed = await NextRunAsync();

        Assert.Equal((ScheduledRunOutcome.Skipped, At(0, 2)), (skipped.Outcome, skipped.FireTime));
        Assert.Contains("still running", skipped.Detail, StringComparison.Ordinal);
        Assert.Equal((ScheduledRunOutcome.Completed, At(0, 1)), (completed.Outcome, completed.FireTime));
        Assert.Equal(8, sandbox.Server.Stats.SubmissionsAccepted);
        await stop.CancelAsync();
        await serving.WaitAsync(Timeout);
    }

    [Fact]
    public async Task RunAsync_AnotherProcessHoldsTheRunLock_SkipsAndSaysSo()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var file = Schedule("locked", TestManifests.Small("locked", prompts: 1, seeds: 1), "0 * * * *");
        using var held = RunLock.Acquire(CampaignFolder.For(_dir.Path, "locked"));
        using var stop = new CancellationTokenSource();
        var serving = Scheduler(sandbox).RunAsync(file, _dir.Path, stop.Token, CancellationToken.None);

        await NextWaitAsync();
        _clock.Advance(TimeSpan.FromHours(1));
        var run = await NextRunAsync();

        Assert.Equal(ScheduledRunOutcome.Skipped, run.Outcome);
        Assert.Contains("another process is already running", run.Detail, StringComparison.Ordinal);
        Assert.Equal(0, sandbox.Server.Stats.SubmissionsAccepted);
        await stop.CancelAsync();
        await serving.WaitAsync(Timeout);
    }

    [Fact]
    public async Task RunAsync_StoppedMidRunThenStartedAgain_ResumesAtOnceAndRendersEveryJobOnce()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.Latency = TimeSpan.FromSeconds(1));
        var file = Schedule("weekly", TestManifests.Small("weekly", prompts: 2, seeds: 6, limits: "{concurrency: 2}"), "@weekly");
        var folder = CampaignFolder.For(_dir.Path, "weekly");
        using (var stop = new CancellationTokenSource())
        {
            var serving = Scheduler(sandbox).RunAsync(file, _dir.Path, stop.Token, CancellationToken.None);
            await NextWaitAsync();
            _clock.Advance(TimeSpan.FromDays(7));
            await CliProcess.WaitUntilAsync(() => Ledger.Read(folder.LedgerPath).Any(e => e.Type == LedgerEntry.SubmittedType), Timeout);
            await stop.CancelAsync();

            Assert.True(await serving.WaitAsync(Timeout), "a run was left unfinished, so the scheduler must say so");
            Assert.Equal(ScheduledRunOutcome.Interrupted, (await NextRunAsync()).Outcome);
        }

        Assert.Empty(Ledger.Replay(Ledger.Read(folder.LedgerPath)).InFlight);
        Assert.Equal(RunRecord.InterruptedOutcome, RunRecord.Read(folder.RunRecordPath)!.Outcome);
        var before = sandbox.Server.Stats.SubmissionsAccepted;
        Assert.InRange(before, 1, 11);

        using (var stop = new CancellationTokenSource())
        {
            var serving = Scheduler(sandbox).RunAsync(file, _dir.Path, stop.Token, CancellationToken.None);
            var resumed = await NextRunAsync();

            Assert.Equal(ScheduledRunOutcome.Completed, resumed.Outcome);
            Assert.Equal(_clock.GetUtcNow(), resumed.FireTime);
            await stop.CancelAsync();
            Assert.False(await serving.WaitAsync(Timeout));
        }

        Assert.Equal(12, AuditReader.Read(folder.AuditPath).Where(r => r.Status == JobStatus.Succeeded).Select(r => r.JobId).Distinct().Count());
        Assert.Equal(12, sandbox.Server.Stats.SubmissionsAccepted);
        Assert.All(sandbox.Server.Stats.AcceptedByFingerprint.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task RunAsync_ManifestBrokenSinceStartUp_LogsAndKeepsServing()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var file = Schedule("fragile", TestManifests.Small("fragile", prompts: 1, seeds: 1), "0 * * * *");
        using var stop = new CancellationTokenSource();
        var serving = Scheduler(sandbox).RunAsync(file, _dir.Path, stop.Token, CancellationToken.None);

        await NextWaitAsync();
        File.WriteAllText(file.Entries[0].ManifestPath, "version: 1\ncampaign: fragile\ncolour: red\n");
        _clock.Advance(TimeSpan.FromHours(1));
        var run = await NextRunAsync();

        Assert.Equal(ScheduledRunOutcome.Failed, run.Outcome);
        Assert.Contains("unknown key 'colour'", run.Detail, StringComparison.Ordinal);
        Assert.Equal(At(2, 0), await NextWaitAsync());
        await stop.CancelAsync();
        await serving.WaitAsync(Timeout);
    }

    private CampaignScheduler Scheduler(SandboxHarness sandbox)
    {
        var scheduler = new CampaignScheduler(sandbox.Runner, _clock);
        scheduler.Waiting += (_, due) => _waits.Writer.TryWrite(due);
        scheduler.RunEnded += run => _ended.Writer.TryWrite(run);
        return scheduler;
    }

    private ScheduleFile Schedule(string name, string manifest, string cron) =>
        new(_dir.File("schedules.yaml"), [new ScheduleEntry(name, _dir.Write(name + ".yaml", manifest), CronSchedule.Parse(cron, TimeZoneInfo.Utc))]);

    private async Task<DateTimeOffset> NextWaitAsync() => await _waits.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

    private async Task<ScheduledRun> NextRunAsync() => await _ended.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

    private static DateTimeOffset At(int hour, int minute) => new(2026, 1, 1, hour, minute, 0, TimeSpan.Zero);

    public void Dispose() => _dir.Dispose();
}
