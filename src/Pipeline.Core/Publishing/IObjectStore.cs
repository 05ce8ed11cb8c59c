namespace Pipeline.Publishing;

/// <summary>
/// The little of an object store that publishing needs: read an object's recorded SHA-256, upload a file with its
/// metadata, and check for (or create) the bucket or container. Implementations translate their SDK's "not found"
/// into null or false and let every other failure throw, for the publisher's retry to judge.
/// </summary>
public interface IObjectStore : IAsyncDisposable
{
    /// <summary>Whether the bucket or container exists.</summary>
    Task<bool> ContainerExistsAsync(CancellationToken cancellationToken);

    /// <summary>Creates the bucket or container (only with <c>publish --create</c>).</summary>
    Task CreateContainerAsync(CancellationToken cancellationToken);

    /// <summary>The object at <paramref name="key"/>, or null when there is none.</summary>
    Task<StoredObject?> FindAsync(string key, CancellationToken cancellationToken);

    /// <summary>Uploads <paramref name="path"/> to <paramref name="key"/>, replacing what is there, as one atomic put.</summary>
    Task UploadAsync(string key, string path, ObjectMetadata metadata, CancellationToken cancellationToken);
}

/// <summary>An object already in the store.</summary>
/// <param name="Sha256">The SHA-256 recorded in its metadata at upload; null for an object this tool did not write.</param>
public sealed record StoredObject(string? Sha256, long Bytes);

/// <summary>What every published object carries (docs/architecture.md#41-publishing).</summary>
public sealed record ObjectMetadata(string Sha256, string ContentType, string? JobId, string? RequestId);
