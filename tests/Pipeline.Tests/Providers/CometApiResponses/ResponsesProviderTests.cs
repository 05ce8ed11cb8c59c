using System.Text.Json;
using Pipeline.Domain;
using Pipeline.Providers;
using Pipeline.Providers.CometApiResponses;
using Pipeline.Sandbox;
using Pipeline.Sandbox.Tasks;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Providers.CometApiResponses;

/// <summary>The Responses adapter over real loopback HTTP against the sandbox's <c>/v1/responses</c> routes.</summary>
public sealed class ResponsesProviderTests : IAsyncLifetime
{
    private const string Key = "comet-secret-0123456789abcdef";

    private SandboxServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await SandboxServer.StartAsync(new SandboxOptions { RequiredKey = Key, EchoRejectedKey = true, Latency = TimeSpan.FromMilliseconds(20) }, CancellationToken.None);
        _http = new HttpClient { BaseAddress = _server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task SubmitAsync_UltraJob_CompletedWithTheInlineImageOfTheRatiosSize()
    {
        var task = await new ResponsesProvider(_http, Key).SubmitAsync(Some.UltraJob("1:1"), CancellationToken.None);

        var done = Assert.IsType<TaskPoll>(task.Completed);
        Assert.Equal(TaskState.Ready, done.State);
        Assert.StartsWith("resp_", task.RequestId, StringComparison.Ordinal);
        Assert.Equal(new ReportedImage(2048, 2048, "jpeg"), done.Reported);
        Assert.Equal(0xFF, done.InlineImage!.Value.Span[0]);
    }

    [Fact]
    public async Task PollAsync_AfterARestart_ReReadsTheStoredResponse()
    {
        var sut = new ResponsesProvider(_http, Key);
        var task = await sut.SubmitAsync(Some.UltraJob(), CancellationToken.None);

        var again = await sut.PollAsync(task with { Completed = null }, CancellationToken.None);
        var gone = await sut.PollAsync(task with { PollingUrl = new Uri(_server.BaseAddress, "v1/responses/resp_nope") }, CancellationToken.None);

        Assert.Equal(TaskState.Ready, again.State);
        Assert.Equal(TaskState.NotFound, gone.State);
    }

    [Theory]
    [InlineData(OutcomePolicy.RequestModeratedMarker)]
    [InlineData(OutcomePolicy.ContentModeratedMarker)]
    public async Task SubmitAsync_ModeratedPromptOrImage_IsARequestModeration(string marker)
    {
        var task = await new ResponsesProvider(_http, Key).SubmitAsync(Some.UltraJob(prompt: "A kettle " + marker), CancellationToken.None);

        Assert.Equal(TaskState.RequestModerated, task.Completed?.State);
    }

    [Fact]
    public async Task SubmitAsync_FailedRender_IsAFailureWithTheErrorCode()
    {
        var task = await new ResponsesProvider(_http, Key).SubmitAsync(Some.UltraJob(prompt: "A kettle " + OutcomePolicy.FailedMarker), CancellationToken.None);

        Assert.Equal(TaskState.Failed, task.Completed?.State);
        Assert.Contains("server_error", task.Completed?.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_WrongKeyQuotedBack_ThrowsWithTheKeyRedacted()
    {
        const string wrong = "wrong-key-zyxwvutsrq9876543210";

        var ex = await Assert.ThrowsAsync<ProviderException>(() => new ResponsesProvider(_http, wrong).SubmitAsync(Some.UltraJob(), CancellationToken.None));

        Assert.Contains("HTTP 401", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_BaseUltra_RejectedBeforeAnyCall()
    {
        var before = _server.Stats.SubmitsReceived;

        var ex = await Assert.ThrowsAsync<ProviderException>(() => new ResponsesProvider(_http, Key).SubmitAsync(Some.BaseUltraJob(), CancellationToken.None));

        Assert.Contains("finetuned FLUX models only", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, _server.Stats.SubmitsReceived);
    }

    [Fact]
    public void ParseSubmit_InProgress_NotCompletedSoTheExecutorPollsTheResponse()
    {
        using var body = JsonDocument.Parse("""{"id": "resp_1", "status": "in_progress", "output": []}""");

        var task = ResponsesProvider.ParseSubmit(body.RootElement, new Uri("https://api.cometapi.com/"), "fallback");

        Assert.Null(task.Completed);
        Assert.Equal(new Uri("https://api.cometapi.com/v1/responses/resp_1"), task.PollingUrl);
    }

    [Theory]
    [InlineData("""{"status": "queued"}""", TaskState.Pending)]
    [InlineData("""{"status": "failed", "error": {"code": "moderation_blocked", "message": "no"}}""", TaskState.RequestModerated)]
    [InlineData("""{"status": "incomplete", "incomplete_details": {"reason": "max_output_tokens"}}""", TaskState.Failed)]
    [InlineData("""{"status": "completed", "output": [{"type": "message"}]}""", TaskState.Failed)]
    [InlineData("""{"status": "cancelled"}""", TaskState.Failed)]
    public void ParseResponse_Status_MapsOntoTaskState(string json, TaskState expected)
    {
        using var body = JsonDocument.Parse(json);

        Assert.Equal(expected, ResponsesProvider.ParseResponse(body.RootElement).State);
    }
}
