using System.Net;
using System.Text;
using System.Text.Json;
using Pipeline.Providers;
using Pipeline.Providers.Bfl;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Providers.Bfl;

/// <summary>Wire-level checks against the documented shapes in docs/providers.md#bfl.</summary>
public sealed class BflProviderTests
{
    [Fact]
    public async Task SubmitAsync_UltraJob_PostsDocumentedBodyWithXKey()
    {
        var handler = new RecordingHandler("""{"id":"task-1","polling_url":"https://api.us1.bfl.ai/v1/get_result?id=task-1","cost":7,"input_mp":0,"output_mp":4.23}""");
        var sut = new BflProvider(new HttpClient(handler) { BaseAddress = new Uri("https://api.us1.bfl.ai/") }, "secret-key");

        var task = await sut.SubmitAsync(Some.UltraJob(strength: 0.8m), CancellationToken.None);

        var request = handler.Requests.Single();
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://api.us1.bfl.ai/v1/flux-pro-1.1-ultra-finetuned", request.Uri);
        Assert.Equal("secret-key", request.Headers["x-key"]);
        Assert.Equal("application/json", request.ContentType);
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal("A matte black kettle", root.GetProperty("prompt").GetString());
        Assert.Equal("acme-brand-v3", root.GetProperty("finetune_id").GetString());
        Assert.Equal("0.8", root.GetProperty("finetune_strength").GetRawText());
        Assert.Equal(11, root.GetProperty("seed").GetInt64());
        Assert.Equal("16:9", root.GetProperty("aspect_ratio").GetString());
        Assert.Equal("jpeg", root.GetProperty("output_format").GetString());
        Assert.Equal(2, root.GetProperty("safety_tolerance").GetInt32());
        Assert.False(root.TryGetProperty("width", out _));
        Assert.Equal(new SubmittedTask("task-1", new Uri("https://api.us1.bfl.ai/v1/get_result?id=task-1"), 0.07m), task);
    }

    [Fact]
    public async Task SubmitAsync_SizedJob_SendsWidthAndHeightNotAspectRatio()
    {
        var handler = new RecordingHandler("""{"id":"t","polling_url":"https://api.us1.bfl.ai/v1/get_result?id=t"}""");
        var sut = new BflProvider(new HttpClient(handler) { BaseAddress = new Uri("https://api.us1.bfl.ai/") }, "k");

        await sut.SubmitAsync(Some.SizedJob(1024, 768), CancellationToken.None);

        using var body = JsonDocument.Parse(handler.Requests.Single().Body);
        Assert.Equal("https://api.us1.bfl.ai/v1/flux-pro-finetuned", handler.Requests.Single().Uri);
        Assert.Equal(1024, body.RootElement.GetProperty("width").GetInt32());
        Assert.Equal(768, body.RootElement.GetProperty("height").GetInt32());
        Assert.False(body.RootElement.TryGetProperty("aspect_ratio", out _));
    }

    [Fact]
    public async Task SubmitAsync_FillJob_SendsImageAndMaskAsPlainBase64()
    {
        using var dir = new TempDirectory();
        var image = dir.File("in.png");
        var mask = dir.File("mask.png");
        await File.WriteAllBytesAsync(image, TestImages.Png(64, 48));
        await File.WriteAllBytesAsync(mask, TestImages.Png(64, 48));
        var handler = new RecordingHandler("""{"id":"t","polling_url":"https://api.us1.bfl.ai/v1/get_result?id=t"}""");
        var sut = new BflProvider(new HttpClient(handler) { BaseAddress = new Uri("https://api.us1.bfl.ai/") }, "k");

        await sut.SubmitAsync(Some.FillJob(image, mask), CancellationToken.None);

        using var body = JsonDocument.Parse(handler.Requests.Single().Body);
        Assert.Equal("https://api.us1.bfl.ai/v1/flux-pro-1.0-fill-finetuned", handler.Requests.Single().Uri);
        Assert.Equal(Convert.ToBase64String(TestImages.Png(64, 48)), body.RootElement.GetProperty("image").GetString());
        Assert.Equal(Convert.ToBase64String(TestImages.Png(64, 48)), body.RootElement.GetProperty("mask").GetString());
        Assert.False(body.RootElement.TryGetProperty("aspect_ratio", out _));
    }

    [Fact]
    public async Task SubmitAsync_FillJobWithoutMask_SendsTheImageOnly()
    {
        using var dir = new TempDirectory();
        var image = dir.File("in.png");
        await File.WriteAllBytesAsync(image, TestImages.Png(32, 32));
        var handler = new RecordingHandler("""{"id":"t","polling_url":"https://api.us1.bfl.ai/v1/get_result?id=t"}""");

        await new BflProvider(new HttpClient(handler) { BaseAddress = new Uri("https://api.us1.bfl.ai/") }, "k").SubmitAsync(Some.FillJob(image, null), CancellationToken.None);

        using var body = JsonDocument.Parse(handler.Requests.Single().Body);
        Assert.True(body.RootElement.TryGetProperty("image", out _));
        Assert.False(body.RootElement.TryGetProperty("mask", out _));
    }

    [Fact]
    public async Task SubmitAsync_NoStrengthAxis_SendsTheModelsBflDefaultExplicitly()
    {
        var handler = new RecordingHandler("""{"id":"t","polling_url":"https://api.us1.bfl.ai/v1/get_result?id=t"}""");

        await new BflProvider(new HttpClient(handler) { BaseAddress = new Uri("https://api.us1.bfl.ai/") }, "k").SubmitAsync(Some.UltraJob() with { FinetuneStrength = null }, CancellationToken.None);

        using var body = JsonDocument.Parse(handler.Requests.Single().Body);
        Assert.Equal("1.2", body.RootElement.GetProperty("finetune_strength").GetRawText());
    }

    [Fact]
    public void ParseSubmit_WebhookShapeWithoutPollingUrl_FallsBackToGetResultOnSameHost()
    {
        using var doc = JsonDocument.Parse("""{"id":"abc","status":"Pending","webhook_url":"https://example.test/hook","cost":null}""");

        var task = BflProvider.ParseSubmit(doc.RootElement, new Uri("https://api.us1.bfl.ai/"));

        Assert.Equal(new Uri("https://api.us1.bfl.ai/v1/get_result?id=abc"), task.PollingUrl);
        Assert.Null(task.ReportedCostUsd);
    }

    [Theory]
    [InlineData("""{"id":"a","status":"Pending","result":null,"progress":0.4}""", TaskState.Pending)]
    [InlineData("""{"id":"a","status":"Ready","result":{"sample":"https://delivery.us1.bfl.ai/x.jpg","seed":11,"prompt":"p"}}""", TaskState.Ready)]
    [InlineData("""{"id":"a","status":"Request Moderated","details":{"Moderation Reasons":["Derivative Works Filter"]}}""", TaskState.RequestModerated)]
    [InlineData("""{"id":"a","status":"Content Moderated","details":{"Moderation Reasons":["NSFW"]}}""", TaskState.ContentModerated)]
    [InlineData("""{"id":"a","status":"Error","details":{"message":"boom"}}""", TaskState.Failed)]
    [InlineData("""{"id":"a","status":"Failed"}""", TaskState.Failed)]
    [InlineData("""{"id":"a","status":"Task not found"}""", TaskState.NotFound)]
    [InlineData("""{"id":"a","status":"Generating"}""", TaskState.Failed)]
    [InlineData("""{"id":"a","status":"Ready","result":{}}""", TaskState.Failed)]
    public void ParseResult_DocumentedStatus_MapsToOneVocabulary(string json, TaskState expected)
    {
        using var doc = JsonDocument.Parse(json);

        Assert.Equal(expected, BflProvider.ParseResult(doc.RootElement).State);
    }

    [Theory]
    [InlineData(""","duration":6.88""", 6880.0)]
    [InlineData("", null)]
    [InlineData(""","duration":null""", null)]
    [InlineData(""","duration":0""", null)]
    public void ParseResult_ReadyWithDuration_ReportsTheServiceTime(string duration, double? expectedMs)
    {
        using var doc = JsonDocument.Parse("""{"id":"a","status":"Ready","result":{"sample":"https://delivery.us1.bfl.ai/x.jpg","seed":11""" + duration + "}}");

        Assert.Equal(expectedMs, BflProvider.ParseResult(doc.RootElement).ServiceTime?.TotalMilliseconds);
    }

    [Fact]
    public void ParseResult_ModerationReasons_BecomeDetail()
    {
        using var doc = JsonDocument.Parse("""{"id":"a","status":"Content Moderated","details":{"Moderation Reasons":["NSFW","Logo"]}}""");

        Assert.Equal("NSFW, Logo", BflProvider.ParseResult(doc.RootElement).Detail);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, Acceptance.NotAccepted)]
    [InlineData(HttpStatusCode.ServiceUnavailable, Acceptance.NotAccepted)]
    [InlineData(HttpStatusCode.BadGateway, Acceptance.NotAccepted)]
    [InlineData(HttpStatusCode.GatewayTimeout, Acceptance.NotAccepted)]
    [InlineData(HttpStatusCode.InternalServerError, Acceptance.Ambiguous)]
    [InlineData(HttpStatusCode.UnprocessableEntity, Acceptance.Rejected)]
    [InlineData(HttpStatusCode.PaymentRequired, Acceptance.Rejected)]
    [InlineData(HttpStatusCode.Unauthorized, Acceptance.Rejected)]
    public async Task SubmitAsync_ErrorStatus_ClassifiesWhetherProviderAccepted(HttpStatusCode status, Acceptance expected)
    {
        var handler = new RecordingHandler("""{"detail":"nope"}""", status);
        var sut = new BflProvider(new HttpClient(handler) { BaseAddress = new Uri("https://api.us1.bfl.ai/") }, "secret-key");

        var ex = await Assert.ThrowsAsync<ProviderException>(() => sut.SubmitAsync(Some.UltraJob(), CancellationToken.None));

        Assert.Equal(expected, ex.Acceptance);
        Assert.Contains("nope", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_429WithRetryAfterHeaderOrBody_CarriesTheWait()
    {
        var header = new RecordingHandler("""{"detail":"You exceeded your concurrency limit."}""", HttpStatusCode.TooManyRequests, retryAfterSeconds: 7);
        var body = new RecordingHandler("""{"error":"rate_limit_exceeded","message":"slow down","retry_after":5}""", HttpStatusCode.TooManyRequests);

        var fromHeader = await Assert.ThrowsAsync<ProviderException>(() => new BflProvider(new HttpClient(header) { BaseAddress = new Uri("http://h/") }, "k").SubmitAsync(Some.UltraJob(), CancellationToken.None));
        var fromBody = await Assert.ThrowsAsync<ProviderException>(() => new BflProvider(new HttpClient(body) { BaseAddress = new Uri("http://h/") }, "k").SubmitAsync(Some.UltraJob(), CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(7), fromHeader.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(5), fromBody.RetryAfter);
        Assert.Contains("slow down", fromBody.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollAsync_PollsTheReturnedUrlAsGiven()
    {
        var handler = new RecordingHandler("""{"id":"t","status":"Pending","progress":0.5}""");
        var sut = new BflProvider(new HttpClient(handler) { BaseAddress = new Uri("https://api.us1.bfl.ai/") }, "k");

        var poll = await sut.PollAsync(new SubmittedTask("t", new Uri("https://api.eu2.bfl.ai/v1/get_result?id=t&x=1"), null), CancellationToken.None);

        Assert.Equal("https://api.eu2.bfl.ai/v1/get_result?id=t&x=1", handler.Requests.Single().Uri);
        Assert.Equal("k", handler.Requests.Single().Headers["x-key"]);
        Assert.Equal(0.5, poll.Progress);
    }

    private sealed class RecordingHandler(string responseBody, HttpStatusCode status = HttpStatusCode.OK, int? retryAfterSeconds = null) : HttpMessageHandler
    {
        public List<(HttpMethod Method, string Uri, Dictionary<string, string> Headers, string? ContentType, string Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add((request.Method, request.RequestUri!.AbsoluteUri, headers, request.Content?.Headers.ContentType?.MediaType, body));
            var response = new HttpResponseMessage(status) { Content = new StringContent(responseBody, Encoding.UTF8, "application/json") };
            if (retryAfterSeconds is { } seconds)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
            }

            return response;
        }
    }
}
