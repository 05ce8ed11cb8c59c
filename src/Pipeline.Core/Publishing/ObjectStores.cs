using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Azure.Storage.Blobs;

namespace Pipeline.Publishing;

/// <summary>
/// Opens the store a <see cref="PublishDestination"/> names, with credentials from the environment only
/// (docs/architecture.md#41-publishing): S3 from <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>
/// (+ <c>AWS_SESSION_TOKEN</c>), else the SDK's default chain (profiles, SSO, instance roles); Azure from
/// <c>AZURE_STORAGE_CONNECTION_STRING</c>.
/// </summary>
public static class ObjectStores
{
    public const string AzureConnectionVariable = "AZURE_STORAGE_CONNECTION_STRING";

    /// <summary>The variables whose values are secrets: never printed (the CLI's redactor masks them).</summary>
    public static readonly IReadOnlyList<string> SecretVariables = ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", AzureConnectionVariable];

    /// <param name="endpoint">An S3-compatible endpoint (<c>--endpoint</c>); wins over <c>AWS_ENDPOINT_URL_S3</c> and <c>AWS_ENDPOINT_URL</c>.</param>
    /// <exception cref="PublishConfigurationException">The credentials or endpoint are missing or malformed (the message names the variable, never its value).</exception>
    public static IObjectStore Open(PublishDestination destination, Uri? endpoint, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(environment);
        return destination.Kind == StoreKind.S3 ? OpenS3(destination, endpoint, environment) : OpenAzure(destination, environment);
    }

    private static S3ObjectStore OpenS3(PublishDestination destination, Uri? endpoint, Func<string, string?> environment)
    {
        var region = Value(environment, "AWS_REGION") ?? Value(environment, "AWS_DEFAULT_REGION");
        var config = new AmazonS3Config
        {
            // Retries are the publisher's (Polly), so that one policy decides and tests can see it.
            MaxErrorRetry = 0,
        };
        var custom = endpoint ?? Uri(environment, "AWS_ENDPOINT_URL_S3") ?? Uri(environment, "AWS_ENDPOINT_URL");
        if (custom is not null)
        {
            // S3-compatible stores usually route by path (http://host/bucket/key), not by a bucket subdomain, and
            // accept only the checksums that S3 itself requires.
            config.ServiceURL = custom.AbsoluteUri;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region ?? "us-east-1";
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }
        else if (region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        var keyId = Value(environment, "AWS_ACCESS_KEY_ID");
        var secret = Value(environment, "AWS_SECRET_ACCESS_KEY");
        if ((keyId is null) != (secret is null))
        {
            throw new PublishConfigurationException("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together.");
        }

        try
        {
            AmazonS3Client client = keyId is null
                ? new AmazonS3Client(config)
                : Value(environment, "AWS_SESSION_TOKEN") is { } token
                    ? new AmazonS3Client(new SessionAWSCredentials(keyId, secret, token), config)
                    : new AmazonS3Client(new BasicAWSCredentials(keyId, secret), config);
            return new S3ObjectStore(client, destination.Container);
        }
        catch (AmazonClientException ex)
        {
            throw new PublishConfigurationException("no AWS credentials or region: set AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_REGION, or configure a profile (" + ex.GetType().Name + ").");
        }
    }

    private static AzureBlobObjectStore OpenAzure(PublishDestination destination, Func<string, string?> environment)
    {
        var connection = Value(environment, AzureConnectionVariable)
            ?? throw new PublishConfigurationException($"{AzureConnectionVariable} is not set: az:// destinations need the storage account's connection string.");
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 0;
        try
        {
            return new AzureBlobObjectStore(new BlobServiceClient(connection, options).GetBlobContainerClient(destination.Container));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            // The SDK's message may quote the string; ours never does.
            throw new PublishConfigurationException($"{AzureConnectionVariable} is not a valid connection string.");
        }
    }

    private static string? Value(Func<string, string?> environment, string name) =>
        environment(name) is { } v && v.Trim().Length > 0 ? v.Trim() : null;

    private static Uri? Uri(Func<string, string?> environment, string name)
    {
        if (Value(environment, name) is not { } text)
        {
            return null;
        }

        return System.Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new PublishConfigurationException($"{name} must be an absolute http(s) URL.");
    }
}
