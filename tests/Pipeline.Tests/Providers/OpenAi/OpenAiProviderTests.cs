using System.Net;
using Pipeline.Providers;
using Pipeline.Providers.Catalog;
using Pipeline.Providers.OpenAi;
using Pipeline.Tests.Support;
using static Pipeline.Tests.Support.RecordingHandler;

namespace Pipeline.Tests.Providers.OpenAi;

/// <summary>Wire-level checks against the OpenAI images API as gateways such as Lumenfall serve it (docs/providers.md#openai-compatible-images).</summary>
public sealed class OpenAiProviderTests
{
    private const string Lumenfall = "https://api.lumenfall.ai/openai/v1/";

    [Fact]
    public async Task SubmitAsync_UltraFinetunedJob_PostsImagesGenerationsWithSizeAspectRatioAndFluxFields()
    {
        var handler = new RecordingHandler(Json(
            """{"created":1767225600,"data":[{"url":"https://cdn.lumenfall.ai/img/abc.jpeg","revised_prompt":"A matte black kettle"}],"size":"2752x1536","output_format":"jpeg"}""",
            HttpStatusCode.OK,
            ("x-request-id", "req_123")));
        var sut = new OpenAiProvider(handler.Client(Lumenfall), "sk-secret-000000000000");

        var task = await sut.SubmitAsync(Some.UltraJob(strength: 0.8m), CancellationToken.None);

        var request = handler.Only;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://api.lumenfall.ai/openai/v1/images/generations", request.Uri);
        Assert.Equal("Bearer sk-secret-000000000000", request.Header("Authorization"));
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal(
            """{"prompt":"A matte black kettle","finetune_id":"acme-brand-v3","finetune_strength":0.8,"size":"2752x1536","seed":11,"output_format":"jpeg","safety_tolerance":2,"aspect_ratio":"16:9","model":"flux-pro-1.1-ultra-finetuned","n":1,"response_format":"url"}""",
            request.Body);
        Assert.Equal("req_123", task.RequestId);
        Assert.NotNull(task.Completed);
        Assert.Equal(TaskState.Ready, task.Completed.State);
        Assert.Equal(new Uri("https://cdn.lumenfall.ai/img/abc.jpeg"), task.Completed.SampleUrl);
        Assert.Equal(new ReportedImage(2752, 1536, "jpeg"), task.Completed.Reported);
        Assert.Equal(task.Completed.SampleUrl, task.PollingUrl);
    }

    [Fact]
    public async Task SubmitAsync_BaseModelAnd1To1_SizeFromTheUltraTableNoFinetuneFields()
    {
        var handler = new RecordingHandler(Json("""{"created":1,"data":[{"url":"https://x.test/a.png"}]}"""));

        await new OpenAiProvider(handler.Client(Lumenfall), "k").SubmitAsync(Some.BaseUltraJob("1:1"), CancellationToken.None);

        var body = handler.Only.Json;
        Assert.Equal("2048x2048", body.GetProperty("size").GetString());
        Assert.Equal("flux1.1-pro-ultra", body.GetProperty("model").GetString());
        Assert.False(body.TryGetProperty("finetune_id", out _));
        Assert.False(body.TryGetProperty("finetune_strength", out _));
    }

    [Fact]
    public async Task SubmitAsync_B64JsonAnswer_ImageBytesArriveInline()
    {
        var jpeg = TestImages.Jpeg(40, 24);
        var handler = new RecordingHandler(Json($$"""{"created":1,"data":[{"b64_json":"{{Convert.ToBase64String(jpeg)}}"}]}"""));

        var task = await new OpenAiProvider(handler.Client(Lumenfall), "k", "b64_json").SubmitAsync(Some.UltraJob(), CancellationToken.None);

        Assert.Equal("b64_json", handler.Only.Json.GetProperty("response_format").GetString());
        Assert.Equal(TaskState.Ready, task.Completed!.State);
        Assert.Null(task.Completed.SampleUrl);
        Assert.Equal(jpeg, task.Completed.InlineImage!.Value.ToArray());
    }

    [Fact]
    public async Task PollAsync_AfterARestart_UrlResultIsItsOwnPollingUrlAndAnInlineOneIsGone()
    {
        var jpeg = TestImages.Jpeg(8, 8);
        var handler = new RecordingHandler(Json($$"""{"created":1,"data":[{"b64_json":"{{Convert.ToBase64String(jpeg)}}"}]}"""));
        var sut = new OpenAiProvider(handler.Client(Lumenfall), "k", "b64_json");
        var inline = await sut.SubmitAsync(Some.UltraJob(), CancellationToken.None);

        var lost = await sut.PollAsync(inline with { Completed = null }, CancellationToken.None);
        var byUrl = await sut.PollAsync(new SubmittedTask("r", new Uri("https://cdn.test/a.jpeg"), null), CancellationToken.None);

        Assert.Equal(TaskState.NotFound, lost.State);
        Assert.Equal(TaskState.Ready, byUrl.State);
        Assert.Equal(new Uri("https://cdn.test/a.jpeg"), byUrl.SampleUrl);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task SubmitAsync_ContentPolicy400_IsARequestModerationNotAFailure()
    {
        var handler = new RecordingHandler(Json(
            """{"error":{"message":"Your request was rejected as a result of our safety system.","type":"invalid_request_error","param":null,"code":"content_policy_violation"}}""",
            HttpStatusCode.BadRequest));

        var task = await new OpenAiProvider(handler.Client(Lumenfall), "k").SubmitAsync(Some.UltraJob(), CancellationToken.None);

        Assert.Equal(TaskState.RequestModerated, task.Completed!.State);
        Assert.Contains("safety system", task.Completed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_401EchoingTheKey_MessageIsRedacted()
    {
        var handler = new RecordingHandler(Json(
            """{"error":{"message":"Incorrect API key provided: sk-live-abcdefghijklmnop1234. You can find your API key at https://example.test.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""",
            HttpStatusCode.Unauthorized));

        var ex = await Assert.ThrowsAsync<ProviderException>(() => new OpenAiProvider(handler.Client(Lumenfall), "sk-live-abcdefghijklmnop1234").SubmitAsync(Some.UltraJob(), CancellationToken.None));

        Assert.True(ex.IsFatal);
        Assert.DoesNotContain("abcdefghijklmnop1234", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Incorrect API key provided", ex.Message, StringComparison.Ordinal);
        Assert.Equal("invalid_api_key", ex.ErrorCode);
    }

    [Fact]
    public async Task SubmitAsync_FillJob_RejectedBeforeAnyCall()
    {
        var handler = new RecordingHandler(Json("{}"));

        var ex = await Assert.ThrowsAsync<ProviderException>(() => new OpenAiProvider(handler.Client(Lumenfall), "k").SubmitAsync(Some.FillJob("/x.png", "/m.png"), CancellationToken.None));

        Assert.Contains("cannot fill", ex.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task SubmitAsync_SizedJob_SizeIsTheJobsWidthByHeight()
    {
        var handler = new RecordingHandler(Json("""{"created":1,"data":[{"url":"https://x.test/a.jpeg"}]}"""));

        await new OpenAiProvider(handler.Client(Lumenfall), "k").SubmitAsync(Some.SizedJob(1440, 768), CancellationToken.None);

        var body = handler.Only.Json;
        Assert.Equal("1440x768", body.GetProperty("size").GetString());
        Assert.False(body.TryGetProperty("width", out _));
        Assert.False(body.TryGetProperty("aspect_ratio", out _));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000/v1/")]
    [InlineData("https://api.openai.com/", "https://api.openai.com/v1/")]
    [InlineData("https://api.lumenfall.ai/openai/v1", "https://api.lumenfall.ai/openai/v1/")]
    [InlineData("https://gateway.test/custom", "https://gateway.test/custom/")]
    public void BaseAddressFor_OpenAi_BareHostGetsV1AndAPathIsKept(string configured, string expected)
    {
        var address = ProviderFactory.BaseAddressFor(new ProviderEndpoint(ProviderCatalog.Get("openai"), new Uri(configured), "k"));

        Assert.Equal(expected, address.AbsoluteUri);
    }
}
