using Microsoft.Extensions.Time.Testing;
using Pipeline.Execution;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Execution.Steps;

/// <summary>docs/architecture.md#4-rate-gate-and-provider-limits: <c>requests_per_minute</c> on a manual clock.</summary>
public sealed class RequestsPerMinuteTests
{
    [Theory]
    [InlineData(120, 300)]
    public void WaitForSubmitSlotAsync_ManySubmits_TheBurstThenExactlyRpmPerMinute(int rpm, int submits)
    {
        var time = new FakeTimeProvider();
        using var gate = new RateGate(1, rpm, time);
        var burst = Math.Max(1, rpm / 60);

        var slots = Enumerable.Range(0, submits).Select(_ => gate.WaitForSubmitSlotAsync(CancellationToken.None).AsTask()).ToList();

        Assert.Equal(burst, slots.Count(s => s.IsCompletedSuccessfully));

        // Counted half a period past each minute mark: one token per period, none lost and none early.
        var halfPeriod = TimeSpan.FromMinutes(1) / rpm / 2;
        time.Advance(halfPeriod);
        for (var minute = 1; burst + ((minute - 1) * rpm) < submits; minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal((minute, Math.Min(submits, burst + (minute * rpm))), (minute, slots.Count(s => s.IsCompletedSuccessfully)));
        }
    }

    [Fact]
    public void WaitForSubmitSlotAsync_AfterAQuietSpell_OnlyTheBurstGoesAtOnce()
    {
        var time = new FakeTimeProvider();
        using var gate = new RateGate(1, 120, time);
        time.Advance(TimeSpan.FromHours(1));

        var slots = Enumerable.Range(0, 10).Select(_ => gate.WaitForSubmitSlotAsync(CancellationToken.None).AsTask()).ToList();

        Assert.Equal(2, slots.Count(s => s.IsCompletedSuccessfully));
    }

    [Fact(Skip = "Flaky under full-suite load: the fake-clock drive races continuations that hop to the pool; to be made deterministic")]
    public async Task WaitForSubmitSlotAsync_AWaiterGivesUp_ItsTokenGoesToTheNextInLine()
    {
        var time = new FakeTimeProvider();
        using var gate = new RateGate(1, 60, time);
        await gate.WaitForSubmitSlotAsync(CancellationToken.None);
        using var giveUp = new CancellationTokenSource();
        var cancelled = gate.WaitForSubmitSlotAsync(giveUp.Token).AsTask();
        var next = gate.WaitForSubmitSlotAsync(CancellationToken.None).AsTask();

        await giveUp.CancelAsync();
        time.Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.True(next.IsCompletedSuccessfully);
        Assert.Equal(0, gate.WaitingForSubmitSlot);
    }

    [Fact]
    public async Task SubmitAsync_ManyJobsWithRpm_ProviderSeesTheBurstThenOnePerPeriod()
    {
        using var rig = new StepRig(new ExecutorOptions { Concurrency = 64 }, requestsPerMinute: 6);
        var step = new SubmitStep(rig.Services, new SubmitBreaker(rig.Services.StopSubmitting));
        var jobs = Enumerable.Range(0, 13).Select(i => step.SubmitAsync(StepRig.Record(Some.UltraJob(seed: i)), CancellationToken.None, CancellationToken.None)).ToList();
        Assert.True(await rig.Provider.Submitted.WaitAsync(TimeSpan.FromSeconds(10)));

        for (var tick = 1; tick <= 12; tick++)
        {
            rig.Time.Advance(TimeSpan.FromSeconds(10));
            Assert.True(await rig.Provider.Submitted.WaitAsync(TimeSpan.FromSeconds(10)));
        }

        await Task.WhenAll(jobs);
        var perMinute = rig.Provider.Journal.Where(c => c.Call == "submit")
            .GroupBy(c => (int)((c.At - rig.Time.Start).TotalMinutes))
            .Select(g => g.Count()).ToList();
        Assert.Equal([6, 6, 1], perMinute);
        Assert.False(rig.Provider.Submitted.Wait(0));
    }
}
