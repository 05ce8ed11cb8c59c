using Microsoft.Extensions.Logging;
using Pipeline.Audit;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Execution;

/// <summary>
/// The engine's log events. <c>campaign</c> and <c>run_id</c> come from the run's scope and <c>job_id</c> from the
/// job's (<see cref="RunScope"/>, <see cref="JobScope"/>), so every event carries them. Never a key or a header.
/// </summary>
internal static partial class ExecutionLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "{Campaign}: run {RunId} started: {Pending} of {Planned} jobs to render on {Provider}, concurrency {Concurrency}")]
    public static partial void RunStarted(this ILogger logger, string campaign, string runId, int pending, int planned, string provider, int concurrency);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "{Campaign}: run {RunId} finished: {Succeeded} succeeded, {NotSucceeded} not, {NotStarted} not started; ${SpentUsd} spent (interrupted: {Interrupted})")]
    public static partial void RunFinished(this ILogger logger, string campaign, string runId, int succeeded, int notSucceeded, int notStarted, decimal spentUsd, bool interrupted);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "{Campaign}: run {RunId} stopped submitting: {Reason}")]
    public static partial void RunStoppedSubmitting(this ILogger logger, string campaign, string runId, string reason);

    [LoggerMessage(EventId = 110, Level = LogLevel.Debug, Message = "job {JobId} submitted: request {RequestId} (attempt {Attempt})")]
    public static partial void JobSubmitted(this ILogger logger, string jobId, string requestId, int attempt);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "job {JobId} submit retried in {Delay}: {Reason} (attempt {Attempt} failed)")]
    public static partial void JobRetried(this ILogger logger, string jobId, TimeSpan delay, string reason, int attempt);

    [LoggerMessage(EventId = 112, Level = LogLevel.Debug, Message = "job {JobId} throttled (429); queued again in {Delay}")]
    public static partial void JobThrottled(this ILogger logger, string jobId, TimeSpan delay);

    [LoggerMessage(EventId = 113, Level = LogLevel.Information, Message = "job {JobId} re-attached to request {RequestId} from an earlier run")]
    public static partial void JobReattached(this ILogger logger, string jobId, string requestId);

    /// <summary>
    /// Debug for a success (one line per job is a lot at scale) and for a budget skip (the run summary gives one line
    /// for all of them, issue 14 item 5), Warning otherwise.
    /// </summary>
    [LoggerMessage(EventId = 114, Message = "job {JobId} finished: {Status} after {Attempts} attempt(s), ${CostUsd}{Detail}")]
    public static partial void JobFinished(this ILogger logger, LogLevel level, string jobId, string status, int attempts, decimal costUsd, string detail);

    public static void JobFinished(this ILogger logger, AuditRow row)
    {
        var level = row.Status is JobStatus.Succeeded or JobStatus.SkippedBudget ? LogLevel.Debug : LogLevel.Warning;
        if (logger.IsEnabled(level))
        {
            logger.JobFinished(level, row.JobId, row.Status.ToWire(), row.Attempts, row.CostUsd, row.Detail is null ? string.Empty : ": " + row.Detail);
        }
    }

    /// <summary>The properties every event of a run carries.</summary>
    public static IDisposable? RunScope(this ILogger logger, string campaign, string runId) =>
        logger.BeginScope(new Dictionary<string, object> { ["campaign"] = campaign, ["run_id"] = runId });

    /// <summary>Adds <c>job_id</c> inside a run's scope.</summary>
    public static IDisposable? JobScope(this ILogger logger, string jobId) =>
        logger.BeginScope(new Dictionary<string, object> { ["job_id"] = jobId });
}
