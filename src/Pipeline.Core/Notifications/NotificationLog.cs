using Microsoft.Extensions.Logging;

namespace Pipeline.Notifications;

/// <summary>The notifier's log events. Only the webhook's host is logged: its path is often the secret.</summary>
internal static partial class NotificationLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "notification to {Host} not sent: shutting down")]
    public static partial void NotSent(this ILogger logger, string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "notification to {Host} refused: HTTP {Status}")]
    public static partial void Refused(this ILogger logger, string host, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "notification to {Host} failed after retries: {Error}")]
    public static partial void GaveUp(this ILogger logger, string host, string error);
}
