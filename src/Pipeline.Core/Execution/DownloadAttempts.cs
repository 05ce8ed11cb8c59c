namespace Pipeline.Execution;

/// <summary>
/// What the download retry needs to remember about one result (docs/architecture.md#7-download-verify-write-once):
/// an expired URL gets one fresh poll, a cut-off download is fetched again while attempts remain.
/// </summary>
internal sealed class DownloadAttempts(JobRecord record, Uri url, int maxAttempts)
{
    private bool _repolled;

    /// <summary>The job whose notes say what happened to its download.</summary>
    public JobRecord Record { get; } = record;

    /// <summary>The URL to fetch next.</summary>
    public Uri Url { get; set; } = url;

    /// <summary>The URL expired: poll for a fresh one before the next attempt.</summary>
    public bool NeedsFreshUrl { get; set; }

    /// <param name="attempt">1-based number of the attempt that failed.</param>
    public bool ShouldRetry(DownloadException failure, int attempt)
    {
        switch (failure.Failure)
        {
            case DownloadFailure.Expired when !_repolled:
                _repolled = true;
                NeedsFreshUrl = true;
                Record.Note(failure.Message + "; polled again for a fresh URL");
                return true;
            case DownloadFailure.Transient when attempt < maxAttempts:
                Record.Note(failure.Message + "; downloaded again");
                return true;
            default:
                return false;
        }
    }
}
