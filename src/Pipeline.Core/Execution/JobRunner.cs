using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Pipeline.Audit;
using Pipeline.Planning;
using Pipeline.Providers;
using Polly;
using Polly.Retry;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Execution;

/// <summary>
/// One job from budget reservation to audit row: reserve ▸ permit ▸ submit (retried only when the provider
/// certainly did not accept it) ▸ poll on schedule ▸ release permit ▸ download ▸ verify ▸ audit.
/// Expected failures become audit statuses; only cancellation and infrastructure errors escape.
/// </summary>
internal sealed class JobRunner
{
    private static readonly ResiliencePropertyKey<JobRecord> RecordKey = new("pipeline.job-record");

    /// <summary>429s one job may meet before it fails: a provider that throttles this long is not coming back.</summary>
    private const int MaxThrottledSubmits = 100;

    private readonly IImageProvider _provider;
    private readonly ResultStore _results;
    private readonly ExecutorOptions _options;
    private readonly TimeProvider _time;
    private readonly RateGate _gate;
    private readonly PollSchedule _schedule;
    private readonly RunContext _context;
    private readonly Action<string> _stopSubmitting;
    private readonly ResiliencePipeline<SubmittedTask> _submitPipeline;
    private readonly SubmitBreaker _breaker;
    private int _totalPolls;
    private readonly ILogger _logger;

    public JobRunner(IImageProvider provider, ResultStore results, ExecutorOptions options, TimeProvider time, RateGate gate, PollSchedule schedule, RunContext context, ILogger logger, Action<string> stopSubmitting)
    {
        _logger = logger;
        _provider = provider;
        _results = results;
        _options = options;
        _time = time;
        _gate = gate;
        _schedule = schedule;
        _context = context;
        _stopSubmitting = stopSubmitting;
        _submitPipeline = BuildSubmitPipeline();
        _breaker = new SubmitBreaker(stopSubmitting);
    }

    /// <summary>Runs <paramref name="job"/> to an audit row (written before this returns).</summary>
    /// <param name="submitToken">Cancelled to stop new submits (Ctrl+C or a fatal provider answer).</param>
    public async Task<AuditRow> RunAsync(Job job, CancellationToken submitToken, CancellationToken cancellationToken)
    {
        using var scope = _logger.JobScope(job.Id.Value);
        var record = new JobRecord(job, _context.RunId);
        var price = ModelCatalog.Models.TryGetValue(job.Model, out var model) ? model.PriceUsd : 0m;
        record.PriceUsd = price;
        _context.InFlight.TryGetValue(job.Id.Value, out var earlier);
        if (earlier is not null)
        {
            price = earlier.CostUsd ?? 0m; // Reserved by the runner before any job started.
        }
        else if (!_context.Budget.TryReserve(price))
        {
            record.Note(string.Create(CultureInfo.InvariantCulture, $"budget: ${_context.Budget.SpentUsd} spent of ${_context.Budget.LimitUsd}, job needs ${price}"));
            return Finish(record, JobStatus.SkippedBudget, "not rendered", reserved: 0m);
        }

        try
        {
            var (status, verification) = await RenderAsync(record, earlier, submitToken, cancellationToken);
            return Finish(record, status, verification, price);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || submitToken.IsCancellationRequested)
        {
            // A task in flight stays "submitted" in the ledger: the rerun re-attaches to it, and the budget keeps counting it.
            record.Note(record.RequestId is null ? "cancelled before submit" : "cancelled while in flight; a rerun re-attaches to this request");
            // Cut off mid-request, the submit may have been accepted: leave the reservation open so it keeps counting.
            return Finish(record, JobStatus.Cancelled, "not rendered", price, inFlight: record.RequestId is not null || record.SubmitInProgress);
        }
    }

    private async Task<(JobStatus Status, string Verification)> RenderAsync(JobRecord record, LedgerEntry? earlier, CancellationToken submitToken, CancellationToken cancellationToken)
    {
        TaskPoll poll;
        SubmittedTask? task;
        IDisposable? permit = null;
        try
        {
            if (earlier is not null)
            {
                // Paid for in an earlier run that stopped before the result: poll it, never submit again.
                permit = await _gate.EnterAsync(cancellationToken);
                task = SubmittedTask.Reattach(earlier.ToTask());
                record.RequestId = task.RequestId;
                record.SubmittedAt = earlier.At;
                record.Note($"re-attached to request {task.RequestId} from an earlier run");
                _logger.JobReattached(record.Job.Id.Value, task.RequestId);
            }
            else
            {
                (task, permit) = await SubmitWithPermitAsync(record, submitToken, cancellationToken);
                if (task is null)
                {
                    return (JobStatus.Failed, "not rendered");
                }
            }

            // Synchronous protocols (OpenAI images) and Replicate's Prefer: wait can answer the submit with the result.
            poll = task.Completed ?? await PollUntilTerminalAsync(record, task, learn: earlier is null, cancellationToken);
            if (poll.State == TaskState.NotFound)
            {
                // The provider lost the task before we saw a result: resubmitting is the only way to get one.
                record.Note("provider said 'Task not found'; resubmitted once");
                permit.Dispose();
                (task, permit) = await SubmitWithPermitAsync(record, submitToken, cancellationToken);
                if (task is null)
                {
                    return (JobStatus.Failed, "not rendered");
                }

                poll = task.Completed ?? await PollUntilTerminalAsync(record, task, learn: true, cancellationToken);
            }

            record.CompletedAt = _time.GetUtcNow();
        }
        finally
        {
            permit?.Dispose();
        }

        switch (poll.State)
        {
            case TaskState.Ready:
                record.BilledUsd = task.ReportedCostUsd ?? ModelCatalog.Models[record.Job.Model].PriceUsd;
                record.Nsfw = poll.Nsfw ?? false;
                return await _results.StoreAsync(record, task, poll, _context, cancellationToken);
            case TaskState.RequestModerated:
                record.Note(poll.Detail ?? "Request Moderated");
                return (JobStatus.RequestModerated, "not rendered");
            case TaskState.ContentModerated:
                record.Note(poll.Detail ?? "Content Moderated");
                return (JobStatus.ContentModerated, "not rendered");
            default:
                record.Note(poll.Detail ?? poll.State.ToString());
                return (JobStatus.Failed, "not rendered");
        }
    }

    /// <summary>
    /// Takes a provider permit and submits. A 429 means the provider's active-task cap is below ours
    /// ("retry once a previous task finishes", docs/providers.md#bfl-errors-and-limits): give the permit back, lower the limit,
    /// wait, and queue again; it does not use up the job's attempts.
    /// </summary>
    private async Task<(SubmittedTask? Task, IDisposable Permit)> SubmitWithPermitAsync(JobRecord record, CancellationToken submitToken, CancellationToken cancellationToken)
    {
        for (var throttled = 0; ; throttled++)
        {
            var permit = await _gate.EnterAsync(submitToken);
            try
            {
                var task = await SubmitAsync(record, submitToken, cancellationToken);
                return (task, permit);
            }
            catch (ProviderException ex) when (ex.StatusCode == HttpStatusCode.TooManyRequests && throttled < MaxThrottledSubmits)
            {
                permit.Dispose();
                _gate.OnThrottled();
                var wait = ex.RetryAfter ?? _options.RetryBaseDelay * (0.5 + Random.Shared.NextDouble());
                wait = wait > _options.MaxRetryDelay ? _options.MaxRetryDelay : wait;
                _logger.JobThrottled(record.Job.Id.Value, wait);
                await Task.Delay(wait, _time, submitToken);
            }
            catch
            {
                permit.Dispose();
                throw;
            }
        }
    }

    /// <remarks>
    /// <paramref name="submitToken"/> stops new attempts (and the waits between them); a request already on the wire
    /// finishes under <paramref name="cancellationToken"/> only, so a drain never leaves an acceptance unknown.
    /// </remarks>
    private async Task<SubmittedTask?> SubmitAsync(JobRecord record, CancellationToken submitToken, CancellationToken cancellationToken)
    {
        if (!record.Reserved)
        {
            _context.Ledger.Reserved(record.Job.Id.Value, record.PriceUsd, _time.GetUtcNow());
            record.Reserved = true;
        }

        var context = ResilienceContextPool.Shared.Get(submitToken);
        context.Properties.Set(RecordKey, record);
        try
        {
            var task = await _submitPipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    var (runner, record, hardToken) = state;
                    await runner._gate.WaitForSubmitSlotAsync(ctx.CancellationToken);
                    record.Attempts++;
                    record.SubmitInProgress = true;
                    var task = await runner._provider.SubmitAsync(record.Job, hardToken);
                    record.SubmitInProgress = false;
                    return task;
                },
                context,
                (this, record, cancellationToken));
            record.RequestId = task.RequestId;
            record.SubmittedAt = _time.GetUtcNow();
            _context.Ledger.Submitted(record.Job.Id.Value, task, record.SubmittedAt.Value);
            _logger.JobSubmitted(record.Job.Id.Value, task.RequestId, record.Attempts);
            _gate.OnAccepted();
            _breaker.Succeeded();
            return task;
        }
        catch (ProviderException ex) when (ex.StatusCode != HttpStatusCode.TooManyRequests)
        {
            record.SubmitInProgress = false;
            record.Note(ex.Message);
            if (ex.IsFatal)
            {
                _stopSubmitting(ex.Message);
            }
            else if (ex.Acceptance != Acceptance.Rejected)
            {
                _breaker.Failed(ex.Message);
            }

            return null;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Polls every task run by this runner so far (for the efficiency figures).</summary>
    public int TotalPolls => Volatile.Read(ref _totalPolls);

    private async Task<TaskPoll> PollUntilTerminalAsync(JobRecord record, SubmittedTask task, bool learn, CancellationToken cancellationToken)
    {
        // From the acknowledgement, not after the ledger write: the provider's progress counts from its receipt, and the
        // fsync and log line in between made the finish it implies look early (docs/architecture.md#5-poll-schedule).
        var submittedAt = learn && record.SubmittedAt is { } acknowledged ? acknowledged : _time.GetUtcNow();
        var failures = 0;
        double? progress = null;
        double? previousProgress = null;
        TimeSpan? lastPending = null;
        var polls = 0;

        // Time the provider said the task was still queued (fal IN_QUEUE): the job deadline counts running time only.
        var queued = TimeSpan.Zero;
        var lastPollAt = TimeSpan.Zero;
        while (true)
        {
            var elapsed = _time.GetUtcNow() - submittedAt;
            if (elapsed - queued > _options.JobDeadline)
            {
                return new TaskPoll(TaskState.Failed, Detail: $"no result within the {_options.JobDeadline.TotalMinutes:0.#}-minute job deadline");
            }

            if (queued > _options.QueueDeadline)
            {
                return new TaskPoll(TaskState.Failed, Detail: $"still queued at the provider after {_options.QueueDeadline.TotalMinutes:0.#} minutes");
            }

            await Task.Delay(_schedule.NextDelay(polls, elapsed, progress, previousProgress), _time, cancellationToken);
            try
            {
                var poll = await _provider.PollAsync(task, cancellationToken);
                var at = _time.GetUtcNow() - submittedAt;
                polls++;
                record.Polls++;
                Interlocked.Increment(ref _totalPolls);
                failures = 0;
                if (poll.IsTerminal)
                {
                    if (learn)
                    {
                        // The service time is what the provider spent running it; its queue says nothing about the next task.
                        _schedule.Observe(lastPending - queued, progress, at - queued, poll.ServiceTime);
                    }

                    return poll;
                }

                if (poll.Queued)
                {
                    queued += at - lastPollAt;
                }

                lastPollAt = at;
                previousProgress = progress;
                progress = poll.Progress;
                lastPending = at;
            }
            catch (ProviderException ex) when (!ex.IsFatal && ++failures < _options.MaxPollFailures)
            {
                polls++;
            }
            catch (ProviderException ex)
            {
                if (ex.IsFatal)
                {
                    _stopSubmitting(ex.Message);
                }

                return new TaskPoll(TaskState.Failed, Detail: $"polling failed: {ex.Message}");
            }
        }
    }

    /// <summary>Audit row first, then the ledger's "settled": a crash between the two leaves a verified row, never a lost one.</summary>
    private AuditRow Finish(JobRecord record, JobStatus status, string verification, decimal reserved, bool inFlight = false)
    {
        var row = record.ToRow(status, verification);
        _context.Audit.Append(row);
        _logger.JobFinished(row);
        if (inFlight)
        {
            _context.Budget.Settle(reserved, reserved);
            return row;
        }

        _context.Budget.Settle(reserved, record.BilledUsd);
        if (record.RequestId is not null || record.Reserved)
        {
            _context.Ledger.Settled(record.Job.Id.Value, record.RequestId, status.ToWire(), record.BilledUsd, _time.GetUtcNow());
        }

        return row;
    }

    private ResiliencePipeline<SubmittedTask> BuildSubmitPipeline()
    {
        if (_options.MaxAttempts <= 1)
        {
            return ResiliencePipeline<SubmittedTask>.Empty;
        }

        return new ResiliencePipelineBuilder<SubmittedTask> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<SubmittedTask>
            {
                MaxRetryAttempts = _options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryBaseDelay,
                MaxDelay = _options.MaxRetryDelay,
                ShouldHandle = static args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, args.Context)),
                OnRetry = args =>
                {
                    if (args.Context.Properties.TryGetValue(RecordKey, out var record))
                    {
                        _logger.JobRetried(record.Job.Id.Value, args.RetryDelay, args.Outcome.Exception?.Message ?? "no result", args.AttemptNumber + 1);
                    }

                    return default;
                },
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is ProviderException { RetryAfter: { } wait }
                        ? (TimeSpan?)(wait > _options.MaxRetryDelay ? _options.MaxRetryDelay : wait)
                        : null),
            })
            .Build();
    }

    /// <summary>docs/architecture.md#11-retries-never-pay-twice: resend only what the provider certainly did not take; an ambiguous failure once.</summary>
    private static bool ShouldRetry(Exception? exception, ResilienceContext context)
    {
        if (exception is not ProviderException failure || !context.Properties.TryGetValue(RecordKey, out var record))
        {
            return false;
        }

        switch (failure.Acceptance)
        {
            case Acceptance.NotAccepted:
                return failure.StatusCode != HttpStatusCode.TooManyRequests;
            case Acceptance.Ambiguous when record.AmbiguousRetries == 0:
                record.AmbiguousRetries++;
                record.Note($"ambiguous submit ({failure.Message}); retried once, the provider may bill twice");
                return true;
            default:
                return false;
        }
    }
}
