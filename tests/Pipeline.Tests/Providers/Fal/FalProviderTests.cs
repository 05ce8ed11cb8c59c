using System.Net;
using System.Text.Json;
using Pipeline.Providers;
using Pipeline.Providers.Fal;
using Pipeline.Tests.Support;
using static Pipeline.Tests.Support.RecordingHandler;

namespace Pipeline.Tests.Providers.Fal;

/// <summary>Wire-level checks against the documented fal queue protocol (docs/providers.md#fal).</summary>
public sealed class FalProviderTests
{
    private const string Base = "https://queue.fal.run/";

    // The submit answer as both official clients type it (docs/providers.md#fal-queue-flow): the URLs drop the /v1.1-ultra-finetuned subpath.
    private const string Submitted = """
        {"request_id":"764cabcf-b745-4b3e-ae38-1200304cf45b",
         "response_url":"https://queue.fal.run/fal-ai/flux-pro/requests/764cabcf-b745-4b3e-ae38-1200304cf45b",
         "status_url":"https://queue.fal.run/fal-ai/flux-pro/requests/764cabcf-b745-4b3e-ae38-1200304cf45b/status",
         "cancel_url":"https://queue.fal.run/fal-ai/flux-pro/requests/764cabcf-b745-4b3e-ae38-1200304cf45b/cancel",
         "status":"IN_QUEUE","queue_position":0}
        """;

    private const string Output = """
        {"images":[{"url":"https://v3.fal.media/files/rabbit/abc.jpeg","width":2752,"height":1536,"content_type":"image/jpeg"}],
         "timings":{"inference":5.1},"seed":11,"has_nsfw_concepts":[false],"prompt":"A matte black kettle"}
        """;

    private static readonly SubmittedTask Task1 = new(
        "764cabcf-b745-4b3e-ae38-1200304cf45b",
        new Uri("https://queue.fal.run/fal-ai/flux-pro/requests/764cabcf-b745-4b3e-ae38-1200304cf45b/status"),
        null,
        new Uri("https://queue.fal.run/fal-ai/flux-pro/requests/764cabcf-b745-4b3e-ae38-1200304cf45b"));

    [Fact]
    public async Task SubmitAsync_UltraFinetunedJob_PostsToTheQueueWithKeyAuthAndAStringSafetyTolerance()
    {
        var handler = new RecordingHandler(Json(Submitted));
        var sut = new FalProvider(handler.Client(Base), "fal-id:fal-secret");

        var task = await sut.SubmitAsync(Some.UltraJob(strength: 0.8m), CancellationToken.None);

        var request = handler.Only;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://queue.fal.run/fal-ai/flux-pro/v1.1-ultra-finetuned", request.Uri);
        Assert.Equal("Key fal-id:fal-secret", request.Header("Authorization"));
        Assert.Null(request.Header("x-key"));
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal(
            """{"prompt":"A matte black kettle","finetune_id":"acme-brand-v3","finetune_strength":0.8,"seed":11,"aspect_ratio":"16:9","output_format":"jpeg","safety_tolerance":"2"}""",
            request.Body);
        Assert.Equal(JsonValueKind.String, request.Json.GetProperty("safety_tolerance").ValueKind);
        Assert.Equal(Task1, task);
    }

    [Fact]
    public async Task SubmitAsync_NoStrengthAxis_SendsBflsDefaultBecauseFalHasNone()
    {
        var handler = new RecordingHandler(Json(Submitted));

        await new FalProvider(handler.Client(Base), "k").SubmitAsync(Some.UltraJob() with { FinetuneStrength = null }, CancellationToken.None);

        Assert.Equal("1.2", handler.Only.Json.GetProperty("finetune_strength").GetRawText());
    }

    [Fact]
    public async Task SubmitAsync_PromptUpsampling_IsSentAsEnhancePrompt()
    {
        var handler = new RecordingHandler(Json(Submitted));

        await new FalProvider(handler.Client(Base), "k").SubmitAsync(Some.UltraJob().WithParam("prompt_upsampling", true), CancellationToken.None);

        Assert.True(handler.Only.Json.GetProperty("enhance_prompt").GetBoolean());
        Assert.False(handler.Only.Json.TryGetProperty("prompt_upsampling", out _));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(7L)]
    public async Task SubmitAsync_SafetyToleranceFalCannotTake_RejectedWithoutACall(long tolerance)
    {
        var handler = new RecordingHandler(Json(Submitted));

        var ex = await Assert.ThrowsAsync<ProviderException>(() => new FalProvider(handler.Client(Base), "k").SubmitAsync(Some.UltraJob().WithParam("safety_tolerance", tolerance), CancellationToken.None));

        Assert.Equal(Acceptance.Rejected, ex.Acceptance);
        Assert.Contains("safety_tolerance", ex.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task SubmitAsync_FillJob_SendsImageAndMaskAsDataUrisToFillFinetuned()
    {
        using var dir = new TempDirectory();
        var image = dir.File("in.png");
        var mask = dir.File("mask.png");
        await File.WriteAllBytesAsync(image, TestImages.Png(64, 48));
        await File.WriteAllBytesAsync(mask, TestImages.Png(64, 48));
        var handler = new RecordingHandler(Json(Submitted));

        await new FalProvider(handler.Client(Base), "k").SubmitAsync(Some.FillJob(image, mask), CancellationToken.None);

        var body = handler.Only.Json;
        Assert.Equal("https://queue.fal.run/fal-ai/flux-pro/v1/fill-finetuned", handler.Only.Uri);
        Assert.StartsWith("data:image/png;base64,", body.GetProperty("image_url").GetString(), StringComparison.Ordinal);
        Assert.Equal(Convert.ToBase64String(TestImages.Png(64, 48)), body.GetProperty("mask_url").GetString()!["data:image/png;base64,".Length..]);
        Assert.Equal("1.0", body.GetProperty("finetune_strength").GetRawText());
        Assert.False(body.TryGetProperty("aspect_ratio", out _));
    }

    [Fact]
    public async Task SubmitAsync_FluxProFinetuned_RejectedBecauseFalHasNoSuchEndpoint()
    {
        var handler = new RecordingHandler(Json(Submitted));

        var ex = await Assert.ThrowsAsync<ProviderException>(() => new FalProvider(handler.Client(Base), "k").SubmitAsync(Some.SizedJob(), CancellationToken.None));

        Assert.Contains("no FLUX.1 [pro] finetuned endpoint", ex.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task PollAsync_InQueue_PendingAndQueuedFromTheReturnedStatusUrl()
    {
        var handler = new RecordingHandler(Json("""{"status":"IN_QUEUE","queue_position":3,"response_url":"https://queue.fal.run/fal-ai/flux-pro/requests/x"}"""));

        var poll = await new FalProvider(handler.Client(Base), "secret").PollAsync(Task1, CancellationToken.None);

        Assert.Equal(TaskState.Pending, poll.State);
        Assert.True(poll.Queued);
        Assert.Equal(HttpMethod.Get, handler.Only.Method);
        Assert.Equal(Task1.PollingUrl.AbsoluteUri, handler.Only.Uri);
        Assert.Equal("Key secret", handler.Only.Header("Authorization"));
    }

    [Fact]
    public async Task PollAsync_InProgress_PendingNotQueued()
    {
        var handler = new RecordingHandler(Json("""{"status":"IN_PROGRESS","logs":[{"message":"step 3","level":"INFO","source":"user","timestamp":"2026-01-01T00:00:00Z"}]}"""));

        var poll = await new FalProvider(handler.Client(Base), "k").PollAsync(Task1, CancellationToken.None);

        Assert.Equal(TaskState.Pending, poll.State);
        Assert.False(poll.Queued);
    }

    [Fact]
    public async Task PollAsync_Completed_FetchesTheResponseUrlAndReportsImageFacts()
    {
        var handler = new RecordingHandler(Json("""{"status":"COMPLETED","logs":[],"metrics":{"inference_time":5.1}}"""), Json(Output));

        var poll = await new FalProvider(handler.Client(Base), "k").PollAsync(Task1, CancellationToken.None);

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(Task1.ResultUrl!.AbsoluteUri, handler.Requests[1].Uri);
        Assert.Equal("Key k", handler.Requests[1].Header("Authorization"));
        Assert.Equal(TaskState.Ready, poll.State);
        Assert.Equal(new Uri("https://v3.fal.media/files/rabbit/abc.jpeg"), poll.SampleUrl);
        Assert.Equal(new ReportedImage(2752, 1536, "image/jpeg"), poll.Reported);
        Assert.False(poll.Nsfw);
        Assert.Equal(11, poll.Seed);
    }

    [Fact]
    public async Task PollAsync_HasNsfwConcepts_SetsTheNsfwFlag()
    {
        var handler = new RecordingHandler(Json("""{"status":"COMPLETED"}"""), Json(Output.Replace("[false]", "[true]", StringComparison.Ordinal)));

        var poll = await new FalProvider(handler.Client(Base), "k").PollAsync(Task1, CancellationToken.None);

        Assert.Equal(TaskState.Ready, poll.State);
        Assert.True(poll.Nsfw);
    }

    [Fact]
    public async Task PollAsync_CompletedWithError_ResultFetchReturnsTheErrorAndTheTaskFails()
    {
        var handler = new RecordingHandler(
            Json("""{"status":"COMPLETED","error":"Internal error","error_type":"runner_disconnected"}"""),
            Json("""{"detail":"Runner disconnected while generating","error_type":"runner_disconnected"}""", HttpStatusCode.InternalServerError));

        var poll = await new FalProvider(handler.Client(Base), "k").PollAsync(Task1, CancellationToken.None);

        Assert.Equal(TaskState.Failed, poll.State);
        Assert.Contains("Runner disconnected", poll.Detail, StringComparison.Ordinal);
        Assert.Contains("runner_disconnected", poll.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollAsync_ResultIsAContentPolicy422_RequestModerated()
    {
        var handler = new RecordingHandler(
            Json("""{"status":"COMPLETED","error":"Unprocessable","error_type":"content_policy_violation"}"""),
            Json("""{"detail":[{"loc":["body","prompt"],"msg":"The content was flagged by a content checker.","type":"content_policy_violation"}]}""", HttpStatusCode.UnprocessableEntity));

        var poll = await new FalProvider(handler.Client(Base), "k").PollAsync(Task1, CancellationToken.None);

        Assert.Equal(TaskState.RequestModerated, poll.State);
        Assert.Contains("flagged", poll.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollAsync_ResultFetchFailsWith503WithoutStatusError_ThrowsSoThePollIsRetried()
    {
        var handler = new RecordingHandler(Json("""{"status":"COMPLETED"}"""), Json("""{"detail":"busy"}""", HttpStatusCode.ServiceUnavailable));

        await Assert.ThrowsAsync<ProviderException>(() => new FalProvider(handler.Client(Base), "k").PollAsync(Task1, CancellationToken.None));
    }

    [Theory]
    [InlineData("""{"status":"FAILED"}""", TaskState.Failed)]
    [InlineData("""{"status":"CANCELED"}""", TaskState.Failed)]
    [InlineData("""{}""", TaskState.Failed)]
    public async Task PollAsync_UndocumentedStatus_IsAFailure(string status, TaskState expected)
    {
        var handler = new RecordingHandler(Json(status));

        var poll = await new FalProvider(handler.Client(Base), "k").PollAsync(Task1, CancellationToken.None);

        Assert.Equal(expected, poll.State);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task PollAsync_StatusUrl404_NotFound()
    {
        var handler = new RecordingHandler(Json("""{"detail":"Request not found"}""", HttpStatusCode.NotFound));

        var poll = await new FalProvider(handler.Client(Base), "k").PollAsync(Task1, CancellationToken.None);

        Assert.Equal(TaskState.NotFound, poll.State);
    }

    [Fact]
    public void ParseOutput_DataUriImage_BecomesInlineBytes()
    {
        var jpeg = TestImages.Jpeg(32, 16);
        using var doc = JsonDocument.Parse($$"""{"images":[{"url":"data:image/jpeg;base64,{{Convert.ToBase64String(jpeg)}}","width":32,"height":16,"content_type":"image/jpeg"}],"has_nsfw_concepts":[false]}""");

        var poll = FalProvider.ParseOutput(doc.RootElement);

        Assert.Equal(TaskState.Ready, poll.State);
        Assert.Null(poll.SampleUrl);
        Assert.Equal(jpeg, poll.InlineImage!.Value.ToArray());
    }

    [Fact]
    public void ParseSubmit_WithoutStatusUrl_IsAmbiguousNotRebuilt()
    {
        using var doc = JsonDocument.Parse("""{"request_id":"r1"}""");

        var ex = Assert.Throws<ProviderException>(() => FalProvider.ParseSubmit(doc.RootElement));

        Assert.Equal(Acceptance.Ambiguous, ex.Acceptance);
    }

    [Fact]
    public async Task SubmitAsync_422WithTheKeyEchoed_MessageIsRedacted()
    {
        var handler = new RecordingHandler(Json("""{"detail":"Cannot access application with key fal-id:fal-secret-value"}""", HttpStatusCode.Unauthorized));

        var ex = await Assert.ThrowsAsync<ProviderException>(() => new FalProvider(handler.Client(Base), "fal-id:fal-secret-value").SubmitAsync(Some.UltraJob(), CancellationToken.None));

        Assert.DoesNotContain("fal-secret-value", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Redactor.Mask, ex.Message, StringComparison.Ordinal);
    }
}
