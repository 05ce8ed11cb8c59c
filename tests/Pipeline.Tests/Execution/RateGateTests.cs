using Pipeline.Execution;

namespace Pipeline.Tests.Execution;

public sealed class RateGateTests
{
    [Fact]
    public async Task EnterAsync_AtLimit_WaitsUntilAPermitIsReleased()
    {
        using var sut = new RateGate(concurrency: 2, requestsPerMinute: null, TimeProvider.System);
        var first = await sut.EnterAsync(CancellationToken.None);
        using var second = await sut.EnterAsync(CancellationToken.None);

        var third = sut.EnterAsync(CancellationToken.None).AsTask();
        Assert.False(third.IsCompleted);

        first.Dispose();
        using var granted = await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, sut.InFlight);
    }

    [Fact]
    public async Task EnterAsync_AWaiterGivesUp_TheReleasedPermitGoesToTheNextInLine()
    {
        using var sut = new RateGate(concurrency: 1, requestsPerMinute: null, TimeProvider.System);
        var held = await sut.EnterAsync(CancellationToken.None);
        using var giveUp = new CancellationTokenSource();
        var cancelled = sut.EnterAsync(giveUp.Token).AsTask();
        var next = sut.EnterAsync(CancellationToken.None).AsTask();

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        held.Dispose();

        using var granted = await next.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, sut.InFlight);
    }

    [Fact]
    public void OnThrottled_HalvesLimitDownToOne()
    {
        using var sut = new RateGate(24, null, TimeProvider.System);

        sut.OnThrottled();
        Assert.Equal(12, sut.Limit);
        for (var i = 0; i < 10; i++)
        {
            sut.OnThrottled();
        }

        Assert.Equal(1, sut.Limit);
    }

    [Fact]
    public void OnAccepted_AfterAStreakAsLongAsTheLimit_GrowsByOneUpToTheMaximum()
    {
        using var sut = new RateGate(4, null, TimeProvider.System);
        sut.OnThrottled();
        Assert.Equal(2, sut.Limit);

        sut.OnAccepted();
        Assert.Equal(2, sut.Limit);
        sut.OnAccepted();
        Assert.Equal(3, sut.Limit);
        for (var i = 0; i < 20; i++)
        {
            sut.OnAccepted();
        }

        Assert.Equal(4, sut.Limit);
    }

    [Fact]
    public async Task EnterAsync_Cancelled_Throws()
    {
        using var sut = new RateGate(1, null, TimeProvider.System);
        using var held = await sut.EnterAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var waiting = sut.EnterAsync(cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
