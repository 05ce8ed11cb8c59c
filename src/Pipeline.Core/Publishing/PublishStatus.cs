namespace Pipeline.Publishing;

/// <summary>The <c>status</c> column of <c>published.csv</c>.</summary>
public enum PublishStatus
{
    /// <summary>Written to the store (new, or a changed record, or replaced with <c>--overwrite</c>).</summary>
    Uploaded,

    /// <summary>The store already holds an object with the same SHA-256.</summary>
    Skipped,

    /// <summary>The store holds a different object at the key and <c>--overwrite</c> was not given.</summary>
    Refused,

    /// <summary>The local file does not match its audit or renditions row, or the store failed after retries.</summary>
    Failed,
}

/// <summary>What happened to one file.</summary>
/// <param name="Detail">Why it was refused or failed; for a dry run, what would happen.</param>
public sealed record PublishOutcome(PublishItem Item, string Key, PublishStatus Status, string? Sha256, long Bytes, string? Detail = null)
{
    public static string Wire(PublishStatus status) => status switch
    {
        PublishStatus.Uploaded => "uploaded",
        PublishStatus.Skipped => "skipped",
        PublishStatus.Refused => "refused",
        _ => "failed",
    };
}
