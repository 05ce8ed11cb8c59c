using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Execution;
using Pipeline.Records;

namespace Pipeline.Scheduling;

/// <summary>
/// Runs the entries of a schedules file whenever their cron fires (<c>pipeline serve</c>). Fire times come from
/// Quartz's <see cref="Quartz.CronExpression"/>; waiting is done on <see cref="TimeProvider"/>, so a test drives
/// the schedule with a manual clock (Quartz's own scheduler thread sleeps on the wall clock through a static
/// <c>SystemTime</c>, which no test can move safely).
/// </summary>
/// <remarks>
/// <para>A run never overlaps another run of the same campaign folder: a fire while this process runs it is
/// skipped and logged (Quartz's <c>[DisallowConcurrentExecution]</c>, keyed by campaign), and the engine's
/// <see cref="RunLock"/> turns away a run that another process holds.</para>
/// <para>A fire missed while the process was paused runs once, late (Quartz's "fire once now" misfire policy).
/// At start, a campaign whose latest run did not finish (interrupted, failed, or killed) is resumed at once.</para>
/// <para>Shutdown: when the drain token is cancelled no schedule fires again, running campaigns stop submitting and
/// their jobs in flight finish; the cancellation token then stops even those (the ledger keeps them for the
/// next start). One <see cref="RunAsync"/> per instance.</para>
/// </remarks>
public sealed class CampaignScheduler(CampaignRunner runner, TimeProvider time, ILogger<CampaignScheduler>? logger = null)
{
    /// <summary>The longest single wait: the clock is read again after it, so a changed wall clock is noticed within this.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromHours(1);

    /// <summary>A fire this much past its time is logged as late.</summary>
    public static readonly TimeSpan LateAfter = TimeSpan.FromMinutes(1);

    private readonly ILogger _logger = logger ?? NullLogger<CampaignScheduler>.Instance;
    private readonly List<Task<ScheduledRun>> _runs = [];
    private CampaignFiring? _firing;

    /// <summary>Raised when an entry starts waiting for its next fire time (after the timer is set).</summary>
    public event Action<ScheduleEntry, DateTimeOffset>? Waiting;

    /// <summary>Raised when a firing ends: run, skipped, interrupted or failed.</summary>
    public event Action<ScheduledRun>? RunEnded;

    /// <summary>The request a firing of <paramref name="entry"/> makes, as <c>pipeline run</c> would.</summary>
    public static RunRequest RequestFor(ScheduleEntry entry, string? outputRoot)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new RunRequest(entry.ManifestPath, entry.OutputRoot ?? outputRoot, entry.Provider, entry.BaseUrl);
    }

    /// <summary>Prepares every entry as its first run will (manifest, plan, provider settings): calls and writes nothing.</summary>
    /// <returns>Each entry that cannot run, with the input error that says why.</returns>
    public IReadOnlyList<(ScheduleEntry Entry, Exception Error)> Check(ScheduleFile file, string? outputRoot)
    {
        ArgumentNullException.ThrowIfNull(file);
        var problems = new List<(ScheduleEntry, Exception)>();
        foreach (var entry in file.Entries)
        {
            try
            {
                runner.Prepare(RequestFor(entry, outputRoot));
            }
            catch (Exception ex) when (IsInputError(ex))
            {
                problems.Add((entry, ex));
            }
        }

        return problems;
    }

    /// <summary>Serves <paramref name="file"/> until <paramref name="drainToken"/> is cancelled and every running campaign has stopped.</summary>
    /// <param name="outputRoot">Holds the campaign folders of entries without <c>output</c>.</param>
    /// <param name="drainToken">Cancelled to stop (SIGTERM): no new runs or submits; jobs in flight finish.</param>
    /// <param name="cancellationToken">Cancelled when the grace period is over: jobs in flight stop too.</param>
    /// <returns>True when a run was left unfinished (it resumes at the next start).</returns>
    public async Task<bool> RunAsync(ScheduleFile file, string? outputRoot, CancellationToken drainToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        _firing = new CampaignFiring(runner, _logger);
        _logger.Serving(file.Entries.Count, file.Path);
        ResumeUnfinished(file, outputRoot, drainToken, cancellationToken);
        await Task.WhenAll(file.Entries.Select(e => Task.Run(() => LoopAsync(e, outputRoot, drainToken, cancellationToken), CancellationToken.None)));

        Task<ScheduledRun>[] runs;
        lock (_runs)
        {
            runs = [.. _runs];
        }

        var stillRunning = runs.Count(r => !r.IsCompleted);
        _logger.Stopping(stillRunning);
        var ended = await Task.WhenAll(runs);
        return ended.Any(r => r.Outcome == ScheduledRunOutcome.Interrupted);
    }

    private async Task LoopAsync(ScheduleEntry entry, string? outputRoot, CancellationToken drainToken, CancellationToken cancellationToken)
    {
        using var scope = _logger.ScheduleScope(entry.Name);
        var after = time.GetUtcNow();
        while (!drainToken.IsCancellationRequested)
        {
            if (entry.Cron.NextAfter(after) is not { } due)
            {
                _logger.NeverAgain(entry.Name, entry.Cron.Text);
                return;
            }

            var local = TimeZoneInfo.ConvertTime(due, entry.Cron.TimeZone);
            _logger.NextRun(entry.Name, local, entry.Cron.TimeZone.Id, entry.Cron.Text);
            if (!await WaitUntilAsync(entry, due, drainToken))
            {
                return;
            }

            var now = time.GetUtcNow();
            if (now - due > LateAfter)
            {
                _logger.Late(entry.Name, now - due);
            }

            Start(entry, due, outputRoot, drainToken, cancellationToken);

            // Fire times missed while late are not made up: the next one is after now.
            after = now > due ? now : due;
        }
    }

    private async Task<bool> WaitUntilAsync(ScheduleEntry entry, DateTimeOffset due, CancellationToken drainToken)
    {
        var announced = false;
        while (time.GetUtcNow() is var now && now < due)
        {
            var left = due - now;
            var wait = Task.Delay(left < MaxWait ? left : MaxWait, time, drainToken);
            if (!announced)
            {
                announced = true;
                Waiting?.Invoke(entry, due);
            }

            try
            {
                await wait;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return !drainToken.IsCancellationRequested;
    }

    private void ResumeUnfinished(ScheduleFile file, string? outputRoot, CancellationToken drainToken, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in file.Entries)
        {
            PreparedRun prepared;
            try
            {
                prepared = runner.Prepare(RequestFor(entry, outputRoot));
            }
            catch (Exception ex) when (IsInputError(ex))
            {
                continue; // Reported when the entry fires.
            }

            if (seen.Add(prepared.Folder.Root) && RunRecord.Read(prepared.Folder.RunRecordPath) is { LeftWork: true } record)
            {
                _logger.Resuming(entry.Name, prepared.Plan.Manifest.Campaign, record.RunId);
                Start(entry, time.GetUtcNow(), outputRoot, drainToken, cancellationToken);
            }
        }
    }

    private void Start(ScheduleEntry entry, DateTimeOffset fireTime, string? outputRoot, CancellationToken drainToken, CancellationToken cancellationToken)
    {
        var firing = _firing!;
        var run = Task.Run(
            async () =>
            {
                var ended = await firing.FireAsync(entry, fireTime, RequestFor(entry, outputRoot), drainToken, cancellationToken);
                RunEnded?.Invoke(ended);
                return ended;
            },
            CancellationToken.None);
        lock (_runs)
        {
            _runs.RemoveAll(r => r.IsCompleted && r.Result.Outcome != ScheduledRunOutcome.Interrupted);
            _runs.Add(run);
        }
    }

    private static bool IsInputError(Exception ex) => CampaignFiring.IsInputError(ex);
}
