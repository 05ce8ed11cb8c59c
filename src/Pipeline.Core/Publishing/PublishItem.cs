namespace Pipeline.Publishing;

/// <summary>What a file is to publishing, which decides what happens when the store holds a different object.</summary>
public enum PublishItemKind
{
    /// <summary>A verified image: its SHA-256 is the audit row's.</summary>
    Image,

    /// <summary>An image's JSON sidecar (provenance), published beside it.</summary>
    Sidecar,

    /// <summary>A rendition: its SHA-256 is the <c>renditions.csv</c> row's.</summary>
    Rendition,

    /// <summary><c>audit.csv</c> and the report: they describe the campaign as of now, so a changed one replaces the old.</summary>
    Record,
}

/// <summary>One file of a campaign folder to publish.</summary>
/// <param name="RelativePath"><c>/</c>-separated, relative to the campaign folder; the object key ends with it.</param>
/// <param name="ExpectedSha256">What its audit or renditions row says the file hashes to; null for sidecars and records.</param>
public sealed record PublishItem(
    string RelativePath,
    string FullPath,
    PublishItemKind Kind,
    string? ExpectedSha256 = null,
    string? JobId = null,
    string? RequestId = null);
