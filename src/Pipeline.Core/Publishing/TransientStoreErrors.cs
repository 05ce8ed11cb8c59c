using System.Net;
using Amazon.Runtime;
using Azure;

namespace Pipeline.Publishing;

/// <summary>Which store failures a retry may cure: network errors, timeouts, throttling and 5xx, never a refusal (403, 404).</summary>
internal static class TransientStoreErrors
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        AmazonServiceException s3 => s3.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)s3.StatusCode >= 500
            || s3.InnerException is HttpRequestException or IOException,
        RequestFailedException azure => azure.Status is 0 or 408 or 429 || azure.Status >= 500,
        HttpRequestException or IOException or TimeoutException => true,
        AmazonClientException client => client.InnerException is HttpRequestException or IOException,
        _ => false,
    };
}
