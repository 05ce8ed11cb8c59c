using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Audit;
using Pipeline.Planning;
using Pipeline.Providers;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Execution;

/// <summary>
/// Renders a list of jobs on one provider under the manifest's limits. Each job holds a concurrency permit
/// from submit to terminal status; submits pass a token bucket; one job's failure never stops the others.
/// A fatal provider answer (bad key, no credits) stops new submits while in-flight jobs finish.
/// </summary>
/// <param name="time">Every wait, timestamp and rate of the run (docs/architecture.md#30-time-and-randomness-through-seams).</param>
/// <param name="logger">Run and job events (default: none), each with <c>campaign</c>, <c>run_id</c> and <c>job_id</c>.</param>
/// <param name="randomizer">Retry jitter, doubles in [0, 1); default <see cref="Jitter.Shared"/>.</param>
/// <param name="observer">Told as each job starts and ends (metrics); default: none.</param>
internal sealed class CampaignExecutor(IImageProvider provider, ImageDownloader downloader, ExecutorOptions options, TimeProvider time, ILogger? logger = null, Func<double>? randomizer = null, IRunObserver? observer = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly Func<double> _randomizer = randomizer ?? Jitter.Shared;

    /// <summary>Runs <paramref name="jobs"/>; calls <paramref name="onFinished"/> after each audit row is written.</summary>
    /// <param name="drainToken">Cancelled to stop submitting (first Ctrl+C): jobs in flight go on until done or <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancelled to stop everything now; in-flight tasks stay in the ledger for the rerun.</param>
    /// <exception cref="IOException">The campaign folder or audit log became unwritable.</exception>
    public async Task<RunSummary> RunAsync(IReadOnlyList<Job> jobs, int planned, int alreadyDone, RunContext context, Action<AuditRow>? onFinished, CancellationToken drainToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(context);
        options.ThrowIfInvalid();
        var campaign = context.Folder.Shard.IsWhole ? Path.GetFileName(context.Folder.Root) : $"{Path.GetFileName(context.Folder.Root)} (shard {context.Folder.Shard})";
        using var scope = _logger.RunScope(Path.GetFileName(context.Folder.Root), context.RunId);
        _logger.RunStarted(campaign, context.RunId, jobs.Count, planned, provider.Name, options.Concurrency);
        var spentBefore = context.Budget.SpentUsd;
        using var gate = new RateGate(options.Concurrency, options.RequestsPerMinute, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(drainToken, cancellationToken);
        string? stoppedBecause = null;
        var schedule = new PollSchedule(options.InitialServiceTime, options.MinPollInterval, options.MaxPollInterval);

        // Built once per run: every job shares the pipelines, the gate and the schedule.
        var retries = new RetryPipelines(options, gate, time, _randomizer, _logger);
        var services = new RunServices(provider, context, options, gate, schedule, retries, time, _logger, reason =>
        {
            if (Interlocked.CompareExchange(ref stoppedBecause, reason, null) is null)
            {
                _logger.RunStoppedSubmitting(campaign, context.RunId, reason);
            }

            stop.Cancel();
        });
        using var runner = new JobRunner(services, downloader);

        var rows = new List<AuditRow>();
        var taken = -1;

        // Lanes, twice as many as permits: the gate inside bounds active provider tasks, and the spare lanes let a
        // finished task's download and filing overlap new submits. A lane takes its next job on whichever thread
        // finished the last one, so starting a job costs no queue hop and no thread wake-up.
        async Task LaneAsync()
        {
            try
            {
                while (!stop.IsCancellationRequested && Interlocked.Increment(ref taken) is var index && index < jobs.Count)
                {
                    observer?.JobStarted(campaign);
                    AuditRow? row = null;
                    try
                    {
                        row = await runner.RunAsync(jobs[index], stop.Token, cancellationToken);
                    }
                    finally
                    {
                        observer?.JobEnded(campaign, row);
                    }

                    lock (rows)
                    {
                        rows.Add(row);
                    }

                    onFinished?.Invoke(row);
                }
            }
            catch
            {
                // The ledger or the audit log failed: no lane takes another job; those in flight finish first.
                stop.Cancel();
                throw;
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(jobs.Count, options.Concurrency * 2)).Select(_ => LaneAsync()));
        var summary = new RunSummary(
            planned,
            alreadyDone,
            rows,
            context.Budget.SpentUsd - spentBefore,
            context.Budget.SpentUsd,
            stoppedBecause,
            drainToken.IsCancellationRequested || cancellationToken.IsCancellationRequested,
            runner.TotalPolls,
            runner.FilingCpu)
        {
            HeldUsd = context.Budget.HeldUsd,
        };
        var succeeded = summary.Count(JobStatus.Succeeded);
        _logger.RunFinished(campaign, context.RunId, succeeded, rows.Count - succeeded, summary.NotStarted, summary.SpentUsd, summary.Interrupted);
        return summary;
    }
}
