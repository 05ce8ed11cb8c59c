using Microsoft.Extensions.Logging;

namespace Pipeline.Scheduling;

/// <summary>The scheduler's log events; each carries <c>schedule</c> and, once its manifest is read, <c>campaign</c>.</summary>
internal static partial class SchedulingLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "serving {Count} schedule(s) from {File}")]
    public static partial void Serving(this ILogger logger, int count, string file);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "{Schedule}: next run at {Next:yyyy-MM-dd HH:mm:ss zzz} ({TimeZone}, cron '{Cron}')")]
    public static partial void NextRun(this ILogger logger, string schedule, DateTimeOffset next, string timeZone, string cron);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "{Schedule}: running {Campaign} (fire time {FireTime:yyyy-MM-dd HH:mm:ss zzz})")]
    public static partial void Firing(this ILogger logger, string schedule, string campaign, DateTimeOffset fireTime);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "{Schedule}: fired {Late} late (the process was paused or busy); missed fire times are not made up")]
    public static partial void Late(this ILogger logger, string schedule, TimeSpan late);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "{Schedule}: skipped: the previous run of {Campaign} (schedule {Running}) is still running")]
    public static partial void SkippedOverlap(this ILogger logger, string schedule, string campaign, string running);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "{Schedule}: skipped: {Reason}")]
    public static partial void SkippedBusy(this ILogger logger, string schedule, string reason);

    [LoggerMessage(EventId = 206, Level = LogLevel.Error, Message = "{Schedule}: not run: {Reason}")]
    public static partial void PrepareFailed(this ILogger logger, string schedule, string reason);

    [LoggerMessage(EventId = 207, Level = LogLevel.Error, Message = "{Schedule}: run of {Campaign} failed; the next fire retries it")]
    public static partial void RunFailed(this ILogger logger, Exception exception, string schedule, string campaign);

    [LoggerMessage(EventId = 208, Level = LogLevel.Information, Message = "{Schedule}: resuming {Campaign}: its latest run {RunId} did not finish")]
    public static partial void Resuming(this ILogger logger, string schedule, string campaign, string runId);

    [LoggerMessage(EventId = 209, Level = LogLevel.Warning, Message = "{Schedule}: cron '{Cron}' never fires again")]
    public static partial void NeverAgain(this ILogger logger, string schedule, string cron);

    [LoggerMessage(EventId = 210, Level = LogLevel.Information, Message = "stopping: no new runs; {Count} running campaign(s) stop submitting and finish the jobs in flight")]
    public static partial void Stopping(this ILogger logger, int count);

    [LoggerMessage(EventId = 211, Level = LogLevel.Information, Message = "{Schedule}: {Campaign} interrupted; it resumes at the next start")]
    public static partial void Interrupted(this ILogger logger, string schedule, string campaign);

    [LoggerMessage(EventId = 212, Level = LogLevel.Information, Message = "{Schedule}: {Campaign}: nothing to render, all {Planned} jobs already verified")]
    public static partial void NothingToDo(this ILogger logger, string schedule, string campaign, int planned);

    public static IDisposable? ScheduleScope(this ILogger logger, string schedule) =>
        logger.BeginScope(new Dictionary<string, object> { ["schedule"] = schedule });

    public static IDisposable? CampaignScope(this ILogger logger, string campaign) =>
        logger.BeginScope(new Dictionary<string, object> { ["campaign"] = campaign });
}
