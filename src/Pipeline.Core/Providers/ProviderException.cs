using System.Net;

namespace Pipeline.Providers;

/// <summary>Whether the provider may have accepted (and may bill) a request that failed.</summary>
public enum Acceptance
{
    /// <summary>Certainly not accepted (429, 502/503/504, connection refused): safe to send again.</summary>
    NotAccepted,

    /// <summary>Unknown (timeout after the body was sent, 500, dropped connection): a resend may double-charge.</summary>
    Ambiguous,

    /// <summary>Refused for good (400, 401, 402, 403, 404, 422): sending again cannot help.</summary>
    Rejected,
}

/// <summary>An HTTP-level failure talking to a provider. The message never contains a key.</summary>
internal sealed class ProviderException : Exception
{
    public ProviderException(string message, Acceptance acceptance, HttpStatusCode? statusCode = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Acceptance = acceptance;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    public ProviderException()
        : this("Provider request failed.", Acceptance.Ambiguous)
    {
    }

    public ProviderException(string message)
        : this(message, Acceptance.Ambiguous)
    {
    }

    public ProviderException(string message, Exception innerException)
        : this(message, Acceptance.Ambiguous, null, null, innerException)
    {
    }

    public Acceptance Acceptance { get; }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>The server's requested wait (<c>Retry-After</c> header or a body <c>retry_after</c>).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// The server's requested time, when <c>Retry-After</c> was an HTTP-date; the executor turns it into a wait on its
    /// own clock (<see cref="TimeProvider"/>). When set, <see cref="RetryAfter"/> is null.
    /// </summary>
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>The provider's machine-readable error code, when it sent one (OpenAI <c>error.code</c>, fal <c>error_type</c>, FastAPI <c>type</c>).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>True for failures that make every further call pointless (bad key, no credits, no access).</summary>
    public bool IsFatal => StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.PaymentRequired or HttpStatusCode.Forbidden;
}
