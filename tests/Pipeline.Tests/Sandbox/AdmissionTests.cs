using static Pipeline.Tests.Sandbox.SandboxRequests;

namespace Pipeline.Tests.Sandbox;

public sealed class AdmissionTests
{
    [Fact]
    public async Task Submit_AtActiveTaskCap_Answers429UntilATaskFinishes()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o =>
        {
            o.ActiveTaskCap = 2;
            o.Latency = TimeSpan.FromSeconds(10);
        });
        await sandbox.SubmitAsync(UltraFinetuned, UltraFinetunedBody(seed: 1));
        sandbox.Clock.Advance(TimeSpan.FromSeconds(5));
        await sandbox.SubmitAsync(UltraFinetuned, UltraFinetunedBody(seed: 2));

        using var refused = await sandbox.PostAsync(UltraFinetuned, UltraFinetunedBody(seed: 3));
        sandbox.Clock.Advance(TimeSpan.FromSeconds(5)); // the first task is now terminal
        using var accepted = await sandbox.PostAsync(UltraFinetuned, UltraFinetunedBody(seed: 3));

        Assert.Equal(429, (int)refused.StatusCode);
        Assert.Equal(
            "You exceeded your concurrency limit. Back off and retry once a previous task finishes.",
            (await SandboxHarness.ReadJsonAsync(refused)).GetProperty("detail").GetString());
        Assert.Null(refused.Headers.RetryAfter);
        Assert.Equal(200, (int)accepted.StatusCode);
        Assert.Equal(1, sandbox.Stats.Throttled);
        Assert.Equal(2, sandbox.Stats.PeakActiveTasks);
        Assert.Equal(2, sandbox.Server.ActiveTasks);
    }

    [Fact]
    public async Task Submit_ManyInParallel_AcceptsExactlyTheCap()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.ActiveTaskCap = 3);

        var statuses = await Task.WhenAll(Enumerable.Range(1, 20).Select(async seed =>
        {
            using var response = await sandbox.PostAsync(UltraFinetuned, UltraFinetunedBody(seed: seed));
            return (int)response.StatusCode;
        }));

        Assert.Equal(3, statuses.Count(s => s == 200));
        Assert.Equal(17, statuses.Count(s => s == 429));
        Assert.Equal(3, sandbox.Stats.PeakActiveTasks);
        Assert.Equal(17, sandbox.Stats.Throttled);
        Assert.Equal(20, sandbox.Stats.SubmitsReceived);
    }

    [Fact]
    public async Task Submit_AtCapWithRetryAfterOption_SendsRetryAfterHeader()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o =>
        {
            o.ActiveTaskCap = 1;
            o.RetryAfterSeconds = 3;
        });
        await sandbox.SubmitAsync(UltraFinetuned, UltraFinetunedBody(seed: 1));

        using var refused = await sandbox.PostAsync(UltraFinetuned, UltraFinetunedBody(seed: 2));

        Assert.Equal(429, (int)refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), refused.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Submit_RequestModeratedTask_DoesNotHoldAConcurrencySlot()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.ActiveTaskCap = 1);
        await sandbox.SubmitAsync(UltraFinetuned, UltraFinetunedBody("[sandbox:request-moderated]"));

        using var next = await sandbox.PostAsync(UltraFinetuned, UltraFinetunedBody());

        Assert.Equal(200, (int)next.StatusCode);
    }

    [Fact]
    public async Task Submit_CreditsExhausted_Answers402()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.Credits = 10);
        await sandbox.SubmitAsync(UltraFinetuned, UltraFinetunedBody(seed: 1));

        using var refused = await sandbox.PostAsync(UltraFinetuned, UltraFinetunedBody(seed: 2));

        Assert.Equal(402, (int)refused.StatusCode);
        Assert.Equal("Insufficient credits", (await SandboxHarness.ReadJsonAsync(refused)).GetProperty("detail").GetString());
        Assert.Equal(1, sandbox.Stats.PaymentRequired);
        Assert.Equal(7, sandbox.Stats.CreditsCharged);
    }

    [Fact]
    public async Task Submit_ModeratedTasks_DoNotSpendCredits()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.Credits = 7);
        await sandbox.SubmitAsync(UltraFinetuned, UltraFinetunedBody("[sandbox:content-moderated]"));

        using var next = await sandbox.PostAsync(UltraFinetuned, UltraFinetunedBody());

        Assert.Equal(200, (int)next.StatusCode);
    }
}
