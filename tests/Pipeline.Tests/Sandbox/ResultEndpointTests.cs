using static Pipeline.Tests.Sandbox.SandboxRequests;

namespace Pipeline.Tests.Sandbox;

public sealed class ResultEndpointTests
{
    [Fact]
    public async Task Poll_RequestModeratedMarker_ModeratedOnFirstPollWithReasons()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.Latency = TimeSpan.FromMinutes(1));
        var id = (await sandbox.SubmitAsync(UltraFinetuned, UltraFinetunedBody("logo [sandbox:request-moderated]"))).GetProperty("id").GetString()!;

        var result = await sandbox.PollAsync(id);

        Assert.Equal("Request Moderated", result.GetProperty("status").GetString());
        Assert.NotEmpty(result.GetProperty("details").GetProperty("Moderation Reasons").EnumerateArray());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, result.GetProperty("result").ValueKind);
        Assert.Equal(0, sandbox.Server.ActiveTasks);
    }

    [Fact]
    public async Task Poll_ContentModeratedMarker_PendingThenModeratedAtCompletion()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var id = (await sandbox.SubmitAsync(UltraFinetuned, UltraFinetunedBody("logo [sandbox:content-moderated]"))).GetProperty("id").GetString()!;

        var pending = await sandbox.PollAsync(id);
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
        var done = await sandbox.PollAsync(id);

        Assert.Equal("Pending", pending.GetProperty("status").GetString());
        Assert.Equal("Content Moderated", done.GetProperty("status").GetString());
        Assert.NotEmpty(done.GetProperty("details").GetProperty("Moderation Reasons").EnumerateArray());
    }

    [Theory]
    [InlineData("[sandbox:error]", "Error")]
    [InlineData("[sandbox:failed]", "Failed")]
    public async Task Poll_FailureMarkers_EndWithStatusAndMessage(string marker, string status)
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var id = (await sandbox.SubmitAsync(UltraFinetuned, UltraFinetunedBody($"logo {marker}"))).GetProperty("id").GetString()!;
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));

        var result = await sandbox.PollAsync(id);

        Assert.Equal(status, result.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(result.GetProperty("details").GetProperty("message").GetString()));
    }

    [Fact]
    public async Task CreditsCharged_MixedOutcomes_CountsOnlyReadyTasks()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        await sandbox.SubmitAsync(UltraFinetuned, UltraFinetunedBody("ok"));
        await sandbox.SubmitAsync(UltraFinetuned, UltraFinetunedBody("[sandbox:request-moderated]"));
        await sandbox.SubmitAsync(UltraFinetuned, UltraFinetunedBody("[sandbox:content-moderated]"));
        await sandbox.SubmitAsync(UltraFinetuned, UltraFinetunedBody("[sandbox:error]"));

        Assert.Equal(7, sandbox.Stats.CreditsCharged);
    }

    [Fact]
    public async Task Poll_UnknownId_AnswersTaskNotFound()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        var result = await sandbox.PollAsync("00000000-0000-4000-8000-000000000000");

        Assert.Equal("Task not found", result.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, result.GetProperty("result").ValueKind);
    }

    [Fact]
    public async Task Poll_ForgottenTask_AnswersTaskNotFound()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var id = (await sandbox.SubmitAsync(UltraFinetuned, UltraFinetunedBody())).GetProperty("id").GetString()!;
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));

        var forgotten = sandbox.Server.ForgetTask(id);
        var result = await sandbox.PollAsync(id);

        Assert.True(forgotten);
        Assert.Equal("Task not found", result.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Poll_WithoutId_Answers422OnQuery()
    {
        await using var sandbox = await SandboxHarness.StartAsync();

        using var response = await sandbox.Http.GetAsync("v1/get_result");

        Assert.Equal(422, (int)response.StatusCode);
        var error = (await SandboxHarness.ReadJsonAsync(response)).GetProperty("detail")[0];
        Assert.Equal("""["query","id"]""", error.GetProperty("loc").GetRawText());
    }

    [Fact]
    public async Task ModerationRate_One_ModeratesEveryTaskReproducibly()
    {
        await using var one = await SandboxHarness.StartAsync(o => o.ModerationRate = 1);
        await using var other = await SandboxHarness.StartAsync(o => o.ModerationRate = 1);
        var statuses = new List<string>();
        foreach (var sandbox in new[] { one, other })
        {
            for (var seed = 1; seed <= 6; seed++)
            {
                var id = (await sandbox.SubmitAsync(UltraFinetuned, UltraFinetunedBody(seed: seed))).GetProperty("id").GetString()!;
                sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
                statuses.Add((await sandbox.PollAsync(id)).GetProperty("status").GetString()!);
            }
        }

        Assert.All(statuses, s => Assert.EndsWith("Moderated", s, StringComparison.Ordinal));
        Assert.Equal(statuses[..6], statuses[6..]);
        Assert.Equal(0, one.Stats.CreditsCharged);
    }

    [Fact]
    public async Task ModerationRate_Half_ModeratesSomeButNotAll()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.ModerationRate = 0.5);
        var ready = 0;
        for (var seed = 1; seed <= 40; seed++)
        {
            var id = (await sandbox.SubmitAsync(UltraFinetuned, UltraFinetunedBody(seed: seed))).GetProperty("id").GetString()!;
            sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
            ready += (await sandbox.PollAsync(id)).GetProperty("status").GetString() == "Ready" ? 1 : 0;
        }

        Assert.InRange(ready, 5, 35);
    }
}
