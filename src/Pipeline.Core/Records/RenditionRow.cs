namespace Pipeline.Records;

/// <summary>
/// One derived rendition of one master in one run: a row of <c>renditions.csv</c>, columns in contract order, then
/// <see cref="Key"/>.
/// </summary>
/// <param name="Rendition">The spec's name.</param>
/// <param name="File">Relative to the campaign folder, <c>/</c>-separated; null when nothing was kept.</param>
/// <param name="Format"><c>jpeg</c>, <c>png</c> or <c>webp</c>.</param>
/// <param name="Sha256">Of the file as stored (its provenance included).</param>
/// <param name="SourceSha256">Of the master it was derived from, as stored.</param>
/// <param name="Status"><c>succeeded</c>, <c>verification_failed</c> or <c>failed</c>.</param>
/// <param name="Key">The content address: hash of the spec's canonical JSON and the master's hash (after the contract columns).</param>
public sealed record RenditionRow(
    string RunId,
    string JobId,
    string Rendition,
    string? File,
    string Format,
    int? Width,
    int? Height,
    long? Bytes,
    string? Sha256,
    string SourceSha256,
    string Status,
    string? Detail,
    DateTimeOffset CreatedAt,
    string Key)
{
    public const string Succeeded = "succeeded";
    public const string VerificationFailed = "verification_failed";
    public const string Failed = "failed";

    /// <summary>The header, in contract order, then <c>key</c>.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["run_id", "job_id", "rendition", "file", "format", "width", "height", "bytes", "sha256", "source_sha256", "status", "detail", "created_at", "key"];
}
