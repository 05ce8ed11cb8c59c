using Microsoft.Extensions.Logging;
using Pipeline.Records;

namespace Pipeline.Cli.Commands;

/// <summary>
/// A run stopped because the campaign folder could not be written (disk full, no permission, mount gone): one
/// message that says what failed, where, that nothing paid for is lost and what to do; the stack trace goes to the
/// JSON log only (docs/architecture.md#38-a-full-disk-is-a-message-not-a-trace).
/// </summary>
internal static partial class StorageFailure
{
    /// <summary>Whether <paramref name="exception"/> is a failure of the local file system rather than a bug.</summary>
    public static bool Is(Exception exception) => exception switch
    {
        IOException or UnauthorizedAccessException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(Is),
        _ => false,
    };

    public static void Report(Exception exception, CampaignFolder folder, TextWriter error, ILogger logger)
    {
        var cause = exception is AggregateException aggregate ? aggregate.InnerExceptions[0] : exception;
        LogStopped(logger, exception, folder.Root);
        RemoveTemporaryFiles(folder);
        var what = cause switch
        {
            UnauthorizedAccessException => "no permission to write",
            IOException io when io.HResult == 28 || io.Message.Contains("No space", StringComparison.OrdinalIgnoreCase) => "the disk is full",
            _ => "a write failed",
        };
        error.WriteLine($"error: {what} in {RunReport.Shown(folder.Root)}: {cause.Message}");
        error.WriteLine("nothing paid for is lost: every accepted task is in the ledger and every finished job in audit.csv; the run stopped submitting at once.");
        error.WriteLine("free space (or fix the folder's permissions or mount), then run the same command again: it re-attaches to tasks in flight and pays for nothing twice.");
    }

    /// <summary>Debug: the file log has it (with the trace), the console does not unless <c>-v</c>.</summary>
    [LoggerMessage(EventId = 190, Level = LogLevel.Debug, Message = "run stopped: the campaign folder {Folder} could not be written")]
    private static partial void LogStopped(ILogger logger, Exception exception, string folder);

    /// <summary>Half-written downloads in <c>.tmp/</c> are of no use to a rerun (it downloads again); best effort.</summary>
    private static void RemoveTemporaryFiles(CampaignFolder folder)
    {
        try
        {
            if (Directory.Exists(folder.TempDir))
            {
                Directory.Delete(folder.TempDir, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The mount may be gone: there is nothing to clean then.
        }
    }
}
