using System.Net;
using Microsoft.Extensions.Logging;
using Pipeline.Providers;
using Polly;
using Polly.Retry;

namespace Pipeline.Execution;

/// <summary>
/// Every retry of the executor, in one place: Polly pipelines built once per run, waiting on the run's
/// <see cref="TimeProvider"/> and jittering with its injected randomizer.
/// <list type="bullet">
/// <item><see cref="Submit"/>: a submit the provider certainly did not take (502, 503, 504, refused connection), up to
/// <see cref="ExecutorOptions.MaxAttempts"/> attempts; an ambiguous one once (docs/architecture.md#11-retries-never-pay-twice).</item>
/// <item><see cref="Throttle"/>: a 429 gives the permit back, halves the limit and queues again after <c>Retry-After</c>,
/// without using up attempts (docs/architecture.md#4-rate-gate-and-provider-limits).</item>
/// <item><see cref="Poll"/>: failed polls, up to <see cref="ExecutorOptions.MaxPollFailures"/> in a row; the wait before
/// every poll is the poll schedule's (docs/architecture.md#5-poll-schedule).</item>
/// <item><see cref="Download"/>: a cut-off or failed download, up to <see cref="ExecutorOptions.DownloadAttempts"/>, and
/// one fresh poll for an expired URL (docs/architecture.md#7-download-verify-write-once).</item>
/// </list>
/// The submit breaker is not a Polly circuit breaker: see <see cref="SubmitBreaker"/>.
/// </summary>
internal sealed class RetryPipelines
{
    /// <summary>429s one job may meet before it fails: a provider that throttles this long is not coming back.</summary>
    public const int MaxThrottledSubmits = 100;

    /// <summary>The job a submit or download belongs to: its notes and attempt counts become the audit row.</summary>
    public static readonly ResiliencePropertyKey<JobRecord> RecordKey = new("pipeline.job-record");

    /// <summary>One download's retry state (has the URL been refreshed yet).</summary>
    public static readonly ResiliencePropertyKey<DownloadAttempts> DownloadKey = new("pipeline.download");

    private readonly ExecutorOptions _options;
    private readonly TimeProvider _time;

    public RetryPipelines(ExecutorOptions options, RateGate gate, TimeProvider time, Func<double> randomizer, ILogger logger)
    {
        _options = options;
        _time = time;
        Submit = BuildSubmit(randomizer, logger);
        Throttle = BuildThrottle(gate, randomizer, logger);
        Poll = options.MaxPollFailures <= 1 ? ResiliencePipeline<TaskPoll>.Empty : new ResiliencePipelineBuilder<TaskPoll> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<TaskPoll>
            {
                MaxRetryAttempts = options.MaxPollFailures - 1,
                // The wait before each poll, failed or not, is the schedule's: it lives in the poll itself.
                Delay = TimeSpan.Zero,
                BackoffType = DelayBackoffType.Constant,
                Randomizer = randomizer,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is ProviderException { IsFatal: false }),
            })
            .Build();
        Download = new ResiliencePipelineBuilder<DownloadedImage?> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<DownloadedImage?>
            {
                // DownloadAttempts - 1 downloads again, plus the one retry with a fresh URL.
                MaxRetryAttempts = options.DownloadAttempts,
                Randomizer = randomizer,
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is DownloadException failure
                    && args.Context.Properties.TryGetValue(DownloadKey, out var download)
                    && download.ShouldRetry(failure, args.AttemptNumber + 1)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    args.Outcome.Exception is DownloadException { Failure: DownloadFailure.Transient }
                        ? options.MinPollInterval * (args.AttemptNumber + 1)
                        : TimeSpan.Zero),
            })
            .Build();
    }

    /// <summary>Retries one submit request; the caller holds a permit throughout.</summary>
    public ResiliencePipeline<SubmittedTask> Submit { get; }

    /// <summary>Takes a permit and submits again after a 429; the callback gives the permit back before it throws.</summary>
    public ResiliencePipeline<Submission> Throttle { get; }

    /// <summary>One successful poll, after up to <see cref="ExecutorOptions.MaxPollFailures"/> - 1 failed ones.</summary>
    public ResiliencePipeline<TaskPoll> Poll { get; }

    /// <summary>One result download, with <see cref="DownloadKey"/> set.</summary>
    public ResiliencePipeline<DownloadedImage?> Download { get; }

    /// <summary>The wait the server asked for (<c>Retry-After</c> delta or date, or the body's <c>retry_after</c>), capped.</summary>
    public TimeSpan? ServerWait(ProviderException failure)
    {
        var wait = failure.RetryAfter ?? (failure.RetryAt is { } at ? Max(at - _time.GetUtcNow(), TimeSpan.Zero) : null);
        return wait > _options.MaxRetryDelay ? _options.MaxRetryDelay : wait;
    }

    private ResiliencePipeline<SubmittedTask> BuildSubmit(Func<double> randomizer, ILogger logger)
    {
        if (_options.MaxAttempts <= 1)
        {
            return ResiliencePipeline<SubmittedTask>.Empty;
        }

        var maxAttempts = _options.MaxAttempts;
        return new ResiliencePipelineBuilder<SubmittedTask> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<SubmittedTask>
            {
                MaxRetryAttempts = maxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryBaseDelay,
                MaxDelay = _options.MaxRetryDelay,
                Randomizer = randomizer,
                ShouldHandle = args => ValueTask.FromResult(args.AttemptNumber + 1 < maxAttempts && ShouldResubmit(args.Outcome.Exception, args.Context)),
                OnRetry = args =>
                {
                    if (args.Context.Properties.TryGetValue(RecordKey, out var record))
                    {
                        logger.JobRetried(record.Job.Id.Value, args.RetryDelay, args.Outcome.Exception?.Message ?? "no result", args.AttemptNumber + 1);
                    }

                    return default;
                },
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is ProviderException failure ? ServerWait(failure) : null),
            })
            .Build();
    }

    private ResiliencePipeline<Submission> BuildThrottle(RateGate gate, Func<double> randomizer, ILogger logger) =>
        new ResiliencePipelineBuilder<Submission> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<Submission>
            {
                MaxRetryAttempts = MaxThrottledSubmits,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is ProviderException { StatusCode: HttpStatusCode.TooManyRequests }),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    (args.Outcome.Exception is ProviderException failure ? ServerWait(failure) : null)
                    ?? Min(_options.RetryBaseDelay * (0.5 + randomizer()), _options.MaxRetryDelay)),
                OnRetry = args =>
                {
                    gate.OnThrottled();
                    if (args.Context.Properties.TryGetValue(RecordKey, out var record))
                    {
                        logger.JobThrottled(record.Job.Id.Value, args.RetryDelay);
                    }

                    return default;
                },
            })
            .Build();

    /// <summary>docs/architecture.md#11-retries-never-pay-twice: resend only what the provider certainly did not take; an ambiguous failure once.</summary>
    private static bool ShouldResubmit(Exception? exception, ResilienceContext context)
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

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
