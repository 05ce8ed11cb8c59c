using Pipeline.Execution;

namespace Pipeline.Tests.Execution;

public sealed class PollScheduleTests
{
    private static PollSchedule CreateSut() => new(TimeSpan.FromSeconds(8), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));

    [Fact]
    public void NextDelay_FirstPollBeforeAnyMeasurement_LooksEarlyAtAQuarterOfTheGuessAtMostASecond() =>
        Assert.Equal(TimeSpan.FromSeconds(1), CreateSut().NextDelay(0, TimeSpan.Zero, null));

    [Fact]
    public void NextDelay_FirstPollOnceMeasured_WaitsTheMeasuredServiceTime()
    {
        var sut = CreateSut();
        sut.Observe(TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(3.06), sut.NextDelay(0, TimeSpan.Zero, null));
    }

    [Fact]
    public void NextDelay_WithProgress_WaitsTheRemainingTimeItImplies() =>
        Assert.Equal(TimeSpan.FromSeconds(2), CreateSut().NextDelay(1, TimeSpan.FromSeconds(8), 0.8));

    [Fact]
    public void NextDelay_WithoutProgress_BacksOffToTheCeiling()
    {
        var sut = CreateSut();

        var delays = Enumerable.Range(1, 8).Select(n => sut.NextDelay(n, TimeSpan.FromSeconds(8 + n), null)).ToList();

        Assert.Equal(TimeSpan.FromSeconds(2), delays[0]);
        Assert.True(delays.Zip(delays.Skip(1)).All(p => p.Second >= p.First));
        Assert.Equal(TimeSpan.FromSeconds(10), delays[^1]);
    }

    [Fact]
    public void Observe_ShorterServiceTimes_MoveTheEstimateTowardThem()
    {
        var sut = CreateSut();

        sut.Observe(TimeSpan.FromSeconds(4));
        for (var i = 0; i < 30; i++)
        {
            sut.Observe(TimeSpan.FromSeconds(1));
        }

        Assert.InRange(sut.ExpectedServiceTime.TotalSeconds, 1.0, 1.01);
    }

    [Fact]
    public void NextDelay_NeverBelowFivePercentOfTheServiceTimeNorTheMinimum() =>
        Assert.Equal(TimeSpan.FromMilliseconds(400), CreateSut().NextDelay(3, TimeSpan.FromSeconds(20), 0.999));

    [Fact]
    public void Observe_PendingWithProgressThenReady_EstimatesFromTheProgress()
    {
        var sut = CreateSut();

        sut.Observe(TimeSpan.FromSeconds(0.4), 0.8, TimeSpan.FromSeconds(0.6));

        Assert.Equal(TimeSpan.FromSeconds(0.5), sut.ExpectedServiceTime);
    }

    [Fact]
    public void Observe_ReadyAtTheFirstPoll_ProbesLowerNextTime()
    {
        var sut = CreateSut();

        sut.Observe(null, null, TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromSeconds(0.8), sut.ExpectedServiceTime);
    }
}
