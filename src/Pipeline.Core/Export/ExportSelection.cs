namespace Pipeline.Export;

/// <summary>Which kept images an export takes (<c>--approved</c>, <c>--starred</c>, <c>--all</c>); approved and starred may be combined.</summary>
[Flags]
public enum ExportSelection
{
    None = 0,

    /// <summary>Images whose latest verdict in <c>review.csv</c> is approved (the default).</summary>
    Approved = 1,

    /// <summary>Images that are starred.</summary>
    Starred = 2,

    /// <summary>Every kept image, decided or not (rejected ones included).</summary>
    All = 4,
}
