using Pipeline.Providers;
using Pipeline.Providers.CometApi;
using Pipeline.Tests.Support;
using static Pipeline.Tests.Support.RecordingHandler;

namespace Pipeline.Tests.Providers.CometApi;

/// <summary>CometAPI's BFL pass-through (docs/providers.md#cometapi-bfl-pass-through): the BFL adapter with Bearer auth under /flux/v1/.</summary>
public sealed class CometApiTests
{
    private const string Base = "https://api.cometapi.com/";

    [Fact]
    public async Task SubmitAsync_PostsTheBflBodyUnderFluxV1WithBearerAndNoXKey()
    {
        var handler = new RecordingHandler(Json("""{"id":"cm-1","polling_url":"https://api.cometapi.com/flux/v1/get_result?id=cm-1"}"""));

        var task = await Pipeline.Providers.CometApi.CometApi.Create(handler.Client(Base), "comet-secret").SubmitAsync(Some.UltraJob(strength: 0.8m), CancellationToken.None);

        var request = handler.Only;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://api.cometapi.com/flux/v1/flux-pro-1.1-ultra-finetuned", request.Uri);
        Assert.Equal("Bearer comet-secret", request.Header("Authorization"));
        Assert.Null(request.Header("x-key"));
        Assert.Equal(
            """{"prompt":"A matte black kettle","finetune_id":"acme-brand-v3","finetune_strength":0.8,"seed":11,"aspect_ratio":"16:9","output_format":"jpeg","safety_tolerance":2}""",
            request.Body);
        Assert.Equal(new Uri("https://api.cometapi.com/flux/v1/get_result?id=cm-1"), task.PollingUrl);
    }

    [Fact]
    public async Task SubmitAsync_PassThroughPollingUrlOnBflsHost_PollsCometsGetResultInstead()
    {
        var handler = new RecordingHandler(Json("""{"id":"cm-2","polling_url":"https://api.us1.bfl.ai/v1/get_result?id=cm-2"}"""));

        var task = await Pipeline.Providers.CometApi.CometApi.Create(handler.Client(Base), "k").SubmitAsync(Some.UltraJob(), CancellationToken.None);

        Assert.Equal(new Uri("https://api.cometapi.com/flux/v1/get_result?id=cm-2"), task.PollingUrl);
    }

    [Fact]
    public async Task PollAsync_SendsBearerAndReadsBflStatuses()
    {
        var handler = new RecordingHandler(Json("""{"id":"cm-1","status":"Ready","result":{"sample":"https://delivery.us1.bfl.ai/s.jpg","seed":11}}"""));

        var poll = await Pipeline.Providers.CometApi.CometApi.Create(handler.Client(Base), "k").PollAsync(
            new SubmittedTask("cm-1", new Uri("https://api.cometapi.com/flux/v1/get_result?id=cm-1"), null), CancellationToken.None);

        Assert.Equal("Bearer k", handler.Only.Header("Authorization"));
        Assert.Equal(TaskState.Ready, poll.State);
        Assert.Equal(11, poll.Seed);
    }
}
