using static Pipeline.Tests.Sandbox.SandboxRequests;

namespace Pipeline.Tests.Sandbox;

public sealed class FaultInjectionTests
{
    [Fact]
    public async Task Submit_SubmitFailureRateOne_Answers503AndCreatesNoTask()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.SubmitFailureRate = 1);

        using var response = await sandbox.PostAsync(UltraFinetuned, UltraFinetunedBody());

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal("Service overloaded", (await SandboxHarness.ReadJsonAsync(response)).GetProperty("detail").GetString());
        Assert.Equal(1, sandbox.Stats.ServerErrors);
        Assert.Equal(0, sandbox.Stats.SubmissionsAccepted);
        Assert.Equal(0, sandbox.Server.ActiveTasks);
    }

    [Fact]
    public async Task Poll_PollFailureRateOne_Answers500AndCounts()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.PollFailureRate = 1);
        var id = (await sandbox.SubmitAsync(UltraFinetuned, UltraFinetunedBody())).GetProperty("id").GetString()!;

        using var response = await sandbox.Http.GetAsync($"v1/get_result?id={id}");

        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal(1, sandbox.Stats.ServerErrors);
        Assert.Equal(1, sandbox.Stats.Polls);
    }

    [Fact]
    public async Task Submit_DropConnectionRateOne_AbortsWithoutAnswerAndCreatesNoTask()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.DropConnectionRate = 1);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => sandbox.PostAsync(UltraFinetuned, UltraFinetunedBody()));

        Assert.Equal(1, sandbox.Stats.DroppedConnections);
        Assert.Equal(1, sandbox.Stats.SubmitsReceived);
        Assert.Equal(0, sandbox.Stats.SubmissionsAccepted);
    }

    [Fact]
    public async Task Submit_HalfFailureRate_SameSeedGivesSameSequence()
    {
        await using var one = await SandboxHarness.StartAsync(o => o.SubmitFailureRate = 0.5);
        await using var other = await SandboxHarness.StartAsync(o => o.SubmitFailureRate = 0.5);

        var first = await StatusSequenceAsync(one);
        var second = await StatusSequenceAsync(other);

        Assert.Equal(first, second);
        Assert.Contains(503, first);
        Assert.Contains(200, first);
    }

    [Fact]
    public async Task Submit_SameSeedOnTwoServers_TaskIdsStillDiffer()
    {
        await using var one = await SandboxHarness.StartAsync();
        await using var other = await SandboxHarness.StartAsync();

        var first = (await one.SubmitAsync(UltraFinetuned, UltraFinetunedBody())).GetProperty("id").GetString();
        var second = (await other.SubmitAsync(UltraFinetuned, UltraFinetunedBody())).GetProperty("id").GetString();

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Poll_LatencyJitter_TerminalTimesVaryWithinBounds()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o =>
        {
            o.Latency = TimeSpan.FromSeconds(1);
            o.LatencyJitter = TimeSpan.FromSeconds(4);
        });
        var durations = new HashSet<double>();
        for (var seed = 1; seed <= 8; seed++)
        {
            var id = (await sandbox.SubmitAsync(UltraFinetuned, UltraFinetunedBody(seed: seed))).GetProperty("id").GetString()!;
            sandbox.Clock.Advance(TimeSpan.FromSeconds(5));
            durations.Add((await sandbox.PollAsync(id)).GetProperty("result").GetProperty("duration").GetDouble());
        }

        Assert.All(durations, d => Assert.InRange(d, 1, 5));
        Assert.True(durations.Count > 1);
    }

    private static async Task<int[]> StatusSequenceAsync(SandboxHarness sandbox)
    {
        var statuses = new List<int>();
        for (var seed = 1; seed <= 12; seed++)
        {
            using var response = await sandbox.PostAsync(UltraFinetuned, UltraFinetunedBody(seed: seed));
            statuses.Add((int)response.StatusCode);
        }

        return [.. statuses];
    }
}
