using Pipeline.Tests.Support;

namespace Pipeline.Tests.Sandbox;

public sealed class ManualTimeProviderTests
{
    [Fact]
    public void Advance_PastDueTime_FiresTimerOnceAtItsDueTime()
    {
        var clock = new ManualTimeProvider();
        var start = clock.GetUtcNow();
        var fired = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(fired);
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([start.AddSeconds(5)], fired);
        Assert.Equal(start.AddSeconds(14), clock.GetUtcNow());
    }

    [Fact]
    public void Advance_PeriodicTimer_FiresEveryPeriod()
    {
        var clock = new ManualTimeProvider();
        var count = 0;
        using var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        clock.Advance(TimeSpan.FromSeconds(7));

        Assert.Equal(4, count); // at 1, 3, 5, 7
    }

    [Fact]
    public void Advance_DisposedOrChangedTimer_DoesNotFire()
    {
        var clock = new ManualTimeProvider();
        var count = 0;
        var disposed = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var stopped = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        disposed.Dispose();
        stopped.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(0, count);
    }

    [Fact]
    public async Task Delay_ThroughTheProvider_CompletesOnAdvance()
    {
        var clock = new ManualTimeProvider();
        var started = clock.GetTimestamp();

        var delay = Task.Delay(TimeSpan.FromMinutes(1), clock);
        Assert.False(delay.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1));

        await delay.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromMinutes(1), clock.GetElapsedTime(started));
    }
}
