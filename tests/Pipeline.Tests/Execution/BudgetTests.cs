using Pipeline.Execution;

namespace Pipeline.Tests.Execution;

public sealed class BudgetTests
{
    [Fact]
    public void TryReserve_BeyondCapIncludingEarlierSpend_Refuses()
    {
        var sut = new Budget(limitUsd: 0.20m, spentBeforeUsd: 0.07m);

        Assert.True(sut.TryReserve(0.07m));
        Assert.False(sut.TryReserve(0.07m));
    }

    [Fact]
    public void Settle_ModeratedJob_ReleasesReservationForTheNextJob()
    {
        var sut = new Budget(0.07m);
        Assert.True(sut.TryReserve(0.07m));

        sut.Settle(0.07m, billedUsd: 0m);

        Assert.True(sut.TryReserve(0.07m));
        Assert.Equal(0m, sut.SpentUsd);
    }

    [Fact]
    public void TryReserve_ManyThreads_NeverExceedsCap()
    {
        var sut = new Budget(1.00m);
        var granted = 0;

        Parallel.For(0, 1000, _ =>
        {
            if (sut.TryReserve(0.07m))
            {
                Interlocked.Increment(ref granted);
                sut.Settle(0.07m, 0.07m);
            }
        });

        Assert.Equal(14, granted);
        Assert.True(sut.SpentUsd <= 1.00m);
    }

    [Fact]
    public void TryReserve_NoCap_AlwaysGrants() => Assert.True(new Budget(null).TryReserve(1_000_000m));
}
