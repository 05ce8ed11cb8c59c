using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Pipeline.Providers;

/// <summary>Sends provider requests and turns HTTP failures into <see cref="ProviderException"/>s.</summary>
internal static class ProviderHttp
{
    private const int MaxErrorBodyChars = 300;

    /// <summary>
    /// Sends <paramref name="request"/>; returns a 2xx response or throws. Classification follows
    /// ARCHITECTURE.md decision 3: only a refusal that proves the request was not taken is <see cref="Acceptance.NotAccepted"/>.
    /// </summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string operation, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex) when (IsConnectionRefused(ex))
        {
            throw new ProviderException($"{operation}: connection refused by {request.RequestUri?.Host}.", Acceptance.NotAccepted, innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ProviderException($"{operation}: connection failed ({ex.HttpRequestError}).", Acceptance.Ambiguous, innerException: ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProviderException($"{operation}: timed out after {http.Timeout.TotalSeconds:0.#} s.", Acceptance.Ambiguous, innerException: ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await ReadBodyAsync(response, cancellationToken);
            var (detail, bodyRetryAfter) = ParseError(body);
            var status = response.StatusCode;
            var acceptance = status switch
            {
                HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => Acceptance.NotAccepted,
                >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout => Acceptance.Ambiguous,
                _ => Acceptance.Rejected,
            };
            var retryAfter = RetryAfter(response) ?? bodyRetryAfter;
            throw new ProviderException($"{operation}: HTTP {(int)status} {detail}".TrimEnd(), acceptance, status, retryAfter);
        }
    }

    /// <summary>The <c>Retry-After</c> header as a delay (delta-seconds or HTTP date).</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static bool IsConnectionRefused(HttpRequestException ex) =>
        ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return text.Length > 4096 ? text[..4096] : text;
        }
        catch (HttpRequestException)
        {
            return string.Empty;
        }
    }

    /// <summary>Reads FastAPI <c>{"detail": …}</c> and the skills-guide <c>{"message", "retry_after"}</c> shapes (providers.md §1.6).</summary>
    internal static (string Detail, TimeSpan? RetryAfter) ParseError(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (string.Empty, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (Truncate(body), null);
            }

            string? detail = null;
            if (root.TryGetProperty("detail", out var d))
            {
                detail = d.ValueKind == JsonValueKind.String ? d.GetString() : DescribeValidation(d);
            }

            if (detail is null && root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
            {
                detail = m.GetString();
            }

            if (detail is null && root.TryGetProperty("error", out var e))
            {
                detail = e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText();
            }

            TimeSpan? retryAfter = root.TryGetProperty("retry_after", out var r) && r.TryGetDouble(out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : null;
            return (Truncate(detail ?? body), retryAfter);
        }
        catch (JsonException)
        {
            return (Truncate(body), null);
        }
    }

    private static string DescribeValidation(JsonElement detail)
    {
        if (detail.ValueKind != JsonValueKind.Array)
        {
            return detail.GetRawText();
        }

        var parts = new List<string>();
        foreach (var item in detail.EnumerateArray())
        {
            var loc = item.TryGetProperty("loc", out var l) && l.ValueKind == JsonValueKind.Array
                ? string.Join('.', l.EnumerateArray().Select(x => x.ToString()))
                : "?";
            var msg = item.TryGetProperty("msg", out var mm) ? mm.ToString() : item.GetRawText();
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{loc}: {msg}"));
        }

        return string.Join("; ", parts);
    }

    private static string Truncate(string text) =>
        text.Length <= MaxErrorBodyChars ? text : text[..MaxErrorBodyChars] + "…";
}
