using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pipeline.Providers;

/// <summary>
/// Sends provider requests and turns HTTP failures into <see cref="ProviderException"/>s whose messages are
/// redacted (<see cref="Redactor"/>): the request's own credentials and anything key-like in the body are masked.
/// </summary>
internal static partial class ProviderHttp
{
    private const int MaxErrorBodyChars = 300;

    /// <summary>
    /// Sends <paramref name="request"/>; returns a 2xx response or throws. Classification follows
    /// docs/architecture.md#11-retries-never-pay-twice: only a refusal that proves the request was not taken is <see cref="Acceptance.NotAccepted"/>.
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
            var error = ParseError(body);
            var status = response.StatusCode;
            var acceptance = status switch
            {
                HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => Acceptance.NotAccepted,
                >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout => Acceptance.Ambiguous,
                _ => Acceptance.Rejected,
            };
            // An HTTP-date is left to the executor, which reads the clock through its TimeProvider.
            var header = response.Headers.RetryAfter;
            var retryAfter = header?.Delta ?? (header?.Date is null ? error.RetryAfter : null);
            var message = Redactor.Redact($"{operation}: HTTP {(int)status} {error.Detail}".TrimEnd(), Redactor.SecretsOf(request));
            throw new ProviderException(message, acceptance, status, retryAfter) { ErrorCode = error.Code, RetryAt = header?.Date };
        }
    }

    /// <summary>Reads a 2xx response body as JSON; a cut-off or non-JSON body is an ambiguous failure.</summary>
    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new ProviderException($"{operation}: response is not JSON.", Acceptance.Ambiguous, response.StatusCode, innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ProviderException($"{operation}: response body cut off.", Acceptance.Ambiguous, response.StatusCode, innerException: ex);
        }
        catch (IOException ex)
        {
            throw new ProviderException($"{operation}: response body cut off.", Acceptance.Ambiguous, response.StatusCode, innerException: ex);
        }
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

    /// <summary>
    /// Reads the error shapes the providers document: FastAPI <c>{"detail": "…" | [{loc, msg, type}]}</c> (BFL, fal),
    /// the skills-guide <c>{"message", "retry_after"}</c> (docs/providers.md#bfl-errors-and-limits), fal's <c>error_type</c> (docs/providers.md#fal-errors-and-limits),
    /// Replicate's <c>{"title", "detail"}</c> with "resets in ~30s" (docs/providers.md#replicate-limits-and-retention), and OpenAI's <c>{"error": {message, code}}</c> (docs/providers.md#openai-images-request-and-response).
    /// </summary>
    internal static ProviderError ParseError(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return new(string.Empty, null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new(Truncate(body), null, null);
            }

            string? detail = null;
            string? code = Text(root, "error_type");
            if (root.TryGetProperty("detail", out var d))
            {
                detail = d.ValueKind == JsonValueKind.String ? d.GetString() : DescribeValidation(d);
                code ??= FirstValidationType(d);
            }

            if (detail is null && root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
            {
                detail = m.GetString();
            }

            if (detail is null && root.TryGetProperty("error", out var e))
            {
                detail = e.ValueKind switch
                {
                    JsonValueKind.String => e.GetString(),
                    JsonValueKind.Object => Text(e, "message") ?? e.GetRawText(),
                    _ => e.GetRawText(),
                };
                code ??= e.ValueKind == JsonValueKind.Object ? Text(e, "code") ?? Text(e, "type") : null;
            }

            TimeSpan? retryAfter = root.TryGetProperty("retry_after", out var r) && r.TryGetDouble(out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : ResetsIn(detail);
            return new(Truncate(detail ?? body), retryAfter, code);
        }
        catch (JsonException)
        {
            return new(Truncate(body), null, null);
        }
    }

    /// <summary>Replicate's throttle text: "Request was throttled. Your rate limit resets in ~30s." (docs/providers.md#replicate-limits-and-retention).</summary>
    private static TimeSpan? ResetsIn(string? detail) =>
        detail is not null && ResetsInSeconds().Match(detail) is { Success: true } match
            && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? FirstValidationType(JsonElement detail) =>
        detail.ValueKind == JsonValueKind.Array && detail.GetArrayLength() > 0 && detail[0].ValueKind == JsonValueKind.Object
            ? Text(detail[0], "type")
            : null;

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

    [GeneratedRegex(@"resets in ~?(\d+)\s*s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ResetsInSeconds();
}

/// <summary>What an error body says: the provider's words, a requested wait, and a machine-readable code.</summary>
/// <param name="Code">OpenAI <c>error.code</c>, fal <c>error_type</c>, or the first FastAPI validation <c>type</c>.</param>
internal sealed record ProviderError(string Detail, TimeSpan? RetryAfter, string? Code);
