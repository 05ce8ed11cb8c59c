using System.Text.Json.Serialization;

namespace Pipeline.Planning;

/// <summary>
/// What planning reads of <c>campaign.lock.json</c>: the pinned random seeds, and for <c>--locked</c> the manifest's
/// SHA-256 and the job ids. The request bodies, most of the file, are skipped unread.
/// </summary>
public sealed record LockPins(
    [property: JsonPropertyName("lock_version")] int LockVersion,
    [property: JsonPropertyName("tool_version")] string ToolVersion,
    [property: JsonPropertyName("manifest_sha256")] string ManifestSha256,
    [property: JsonPropertyName("random_seeds")] IReadOnlyList<long>? RandomSeeds,
    [property: JsonPropertyName("jobs")] IReadOnlyList<LockedJobId> Jobs);

/// <summary>A job of the lock, by id only.</summary>
public sealed record LockedJobId([property: JsonPropertyName("id")] string Id);
