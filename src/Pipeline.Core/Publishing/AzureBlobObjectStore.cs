using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Pipeline.Publishing;

/// <summary>
/// A container of Azure Blob Storage (Azure.Storage.Blobs). Metadata travels as <c>sha256</c>, <c>job_id</c> and
/// <c>request_id</c> (Azure metadata names must be C# identifiers, so no hyphens).
/// </summary>
public sealed class AzureBlobObjectStore(BlobContainerClient container) : IObjectStore
{
    public async Task<bool> ContainerExistsAsync(CancellationToken cancellationToken) =>
        (await container.ExistsAsync(cancellationToken)).Value;

    public Task CreateContainerAsync(CancellationToken cancellationToken) =>
        container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    public async Task<StoredObject?> FindAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await container.GetBlobClient(key).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return new StoredObject(properties.Metadata.TryGetValue("sha256", out var sha) ? sha : null, properties.ContentLength);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task UploadAsync(string key, string path, ObjectMetadata metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal) { ["sha256"] = metadata.Sha256 };
        if (metadata.JobId is { } job)
        {
            tags["job_id"] = job;
        }

        if (metadata.RequestId is { } requestId)
        {
            tags["request_id"] = requestId;
        }

        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = metadata.ContentType },
            Metadata = tags,
        };
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await container.GetBlobClient(key).UploadAsync(stream, options, cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
