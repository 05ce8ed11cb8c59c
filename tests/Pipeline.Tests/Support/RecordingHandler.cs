using System.Net;
using System.Text;
using System.Text.Json;

namespace Pipeline.Tests.Support;

/// <summary>An <see cref="HttpMessageHandler"/> that records every request and answers with canned replies in order (the last one repeats).</summary>
public sealed class RecordingHandler(params RecordingHandler.Reply[] replies) : HttpMessageHandler
{
    private int _next;

    public List<RecordedRequest> Requests { get; } = [];

    public RecordedRequest Only => Assert.Single(Requests);

    public static Reply Json(string body, HttpStatusCode status = HttpStatusCode.OK, params (string Name, string Value)[] headers) => new(status, body, headers);

    /// <summary>A client over this handler with <paramref name="baseAddress"/>.</summary>
    public HttpClient Client(string baseAddress) => new(this) { BaseAddress = new Uri(baseAddress) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add(new RecordedRequest(request.Method, request.RequestUri!.AbsoluteUri, headers, request.Content?.Headers.ContentType?.MediaType, body));
        var reply = replies[Math.Min(_next++, replies.Length - 1)];
        var response = new HttpResponseMessage(reply.Status) { Content = new StringContent(reply.Body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in reply.Headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    public sealed record Reply(HttpStatusCode Status, string Body, (string Name, string Value)[] Headers);
}

/// <summary>What the adapter sent.</summary>
public sealed record RecordedRequest(HttpMethod Method, string Uri, IReadOnlyDictionary<string, string> Headers, string? ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
