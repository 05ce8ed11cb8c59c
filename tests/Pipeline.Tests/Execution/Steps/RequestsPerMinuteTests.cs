using Microsoft.Extensions.Time.Testing;
using Pipeline.Execution;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Execution.Steps;

/// <summary>docs/architecture.md#4-rate-gate-and-provider-limits: <c>requests_per_minute</c> on a manual clock.</summary>
public sealed class RequestsPerMinuteTests
{
    // Grants are counted as the bucket sees them (submits no longer waiting), not as completed tasks: a granted
    // submit goes on on the pool, so its task completes a moment after the clock moved.
    [Theory]
    [InlineData(120, 300)]
    [InlineData(600, 1500)]
    [InlineData(12, 30)]
    [InlineData(7, 20)]
    public void WaitForSubmitSlotAsync_ManySubmits_TheBurstThenExactlyRpmPerMinute(int rpm, int submits)
    {
        var time = new FakeTimeProvider();
        using var gate = new RateGate(1, rpm, time);
        var burst = Math.Max(1, rpm / 60);

        var slots = Enumerable.Range(0, submits).Select(_ => gate.WaitForSubmitSlotAsync(CancellationToken.None).AsTask()).ToList();

        Assert.Equal(burst, submits - gate.WaitingForSubmitSlot);

        // Counted a millisecond before and at each minute mark: the token due on the mark comes on it, none early.
        for (var minute = 1; burst + ((minute - 1) * rpm) < submits; minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromMilliseconds(1));
            Assert.Equal((minute, Math.Min(submits, burst + (minute * rpm) - 1)), (minute, submits - gate.WaitingForSubmitSlot));
            time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal((minute, Math.Min(submits, burst + (minute * rpm))), (minute, submits - gate.WaitingForSubmitSlot));
        }

        Assert.All(slots, s => Assert.True(s.Wait(ParkingTimeProvider.Bound)));
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

    [Fact]
    public async Task WaitForSubmitSlotAsync_AWaiterGivesUp_ItsTokenGoesToTheNextInLine()
    {
        var time = new FakeTimeProvider();
        using var gate = new RateGate(1, 60, time);
        await gate.WaitForSubmitSlotAsync(CancellationToken.None);
        using var giveUp = new CancellationTokenSource();
        var cancelled = gate.WaitForSubmitSlotAsync(giveUp.Token).AsTask();
        var next = gate.WaitForSubmitSlotAsync(CancellationToken.None).AsTask();

        await giveUp.CancelAsync();
        Assert.Equal(1, gate.WaitingForSubmitSlot);
        time.Advance(TimeSpan.FromSeconds(1));

        // Granted inside Advance; the submit itself goes on on the pool.
        Assert.Equal(0, gate.WaitingForSubmitSlot);
        await next.WaitAsync(ParkingTimeProvider.Bound);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
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
