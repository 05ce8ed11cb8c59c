using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace Pipeline.Publishing;

/// <summary>
/// A bucket of Amazon S3 or an S3-compatible store (AWSSDK.S3). Metadata travels as <c>x-amz-meta-sha256</c>,
/// <c>x-amz-meta-job-id</c> and <c>x-amz-meta-request-id</c>.
/// </summary>
public sealed class S3ObjectStore(IAmazonS3 client, string bucket) : IObjectStore
{
    public async Task<bool> ContainerExistsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await client.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public Task CreateContainerAsync(CancellationToken cancellationToken) =>
        client.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken);

    public async Task<StoredObject?> FindAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var head = await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, cancellationToken);
            var sha = head.Metadata.Keys.Contains("x-amz-meta-sha256") ? head.Metadata["x-amz-meta-sha256"] : null;
            return new StoredObject(sha, head.ContentLength);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task UploadAsync(string key, string path, ObjectMetadata metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            FilePath = path,
            ContentType = metadata.ContentType,
            // S3-compatible stores rarely take aws-chunked bodies; a plain signed body works everywhere.
            UseChunkEncoding = false,
        };
        request.Metadata.Add("sha256", metadata.Sha256);
        if (metadata.JobId is { } job)
        {
            request.Metadata.Add("job-id", job);
        }

        if (metadata.RequestId is { } requestId)
        {
            request.Metadata.Add("request-id", requestId);
        }

        await client.PutObjectAsync(request, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        client.Dispose();
        return ValueTask.CompletedTask;
    }
}
