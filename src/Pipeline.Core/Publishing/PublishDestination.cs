namespace Pipeline.Publishing;

/// <summary>Which kind of object store a <see cref="PublishDestination"/> names.</summary>
public enum StoreKind
{
    /// <summary><c>s3://bucket/prefix</c>: Amazon S3 or an S3-compatible store.</summary>
    S3,

    /// <summary><c>az://container/prefix</c>: an Azure Blob Storage container.</summary>
    AzureBlob,
}

/// <summary>
/// Where <c>pipeline publish</c> puts a campaign: <c>s3://bucket/prefix</c> or <c>az://container/prefix</c>
/// (docs/architecture.md#41-publishing). An object's key is <c>&lt;prefix&gt;/&lt;campaign&gt;/&lt;path in the campaign folder&gt;</c>.
/// </summary>
/// <param name="Container">The bucket or container name.</param>
/// <param name="Prefix">Without leading or trailing <c>/</c>; empty for the root.</param>
public sealed record PublishDestination(StoreKind Kind, string Container, string Prefix)
{
    /// <summary>Parses <c>s3://bucket[/prefix]</c> or <c>az://container[/prefix]</c>.</summary>
    /// <exception cref="FormatException">Another scheme, or no bucket/container name; the message says what is allowed.</exception>
    public static PublishDestination Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (kind, rest) = text switch
        {
            _ when text.StartsWith("s3://", StringComparison.Ordinal) => (StoreKind.S3, text[5..]),
            _ when text.StartsWith("az://", StringComparison.Ordinal) => (StoreKind.AzureBlob, text[5..]),
            _ => throw new FormatException($"destination '{text}' must be s3://bucket/prefix or az://container/prefix"),
        };
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var container = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? string.Empty : rest[(slash + 1)..].Trim('/');
        if (container.Length == 0)
        {
            throw new FormatException($"destination '{text}' names no {(kind == StoreKind.S3 ? "bucket" : "container")}");
        }

        return new PublishDestination(kind, container, prefix);
    }

    /// <summary>The object key of <paramref name="relativePath"/> (<c>/</c>-separated) in the campaign <paramref name="campaign"/>.</summary>
    public string KeyFor(string campaign, string relativePath) =>
        Prefix.Length == 0 ? $"{campaign}/{relativePath}" : $"{Prefix}/{campaign}/{relativePath}";

    public override string ToString() =>
        (Kind == StoreKind.S3 ? "s3://" : "az://") + Container + (Prefix.Length == 0 ? string.Empty : "/" + Prefix);
}
