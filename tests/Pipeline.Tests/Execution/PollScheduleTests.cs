using Pipeline.Execution;

namespace Pipeline.Tests.Execution;

public sealed class PollScheduleTests
{
    private static PollSchedule CreateSut() => new(TimeSpan.FromSeconds(8), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));

    [Fact]
    public void NextDelay_FirstPollBeforeAnyMeasurement_LooksEarlyAtAQuarterOfTheGuessAtMostHalfASecond() =>
        Assert.Equal(TimeSpan.FromMilliseconds(500), CreateSut().NextDelay(0, TimeSpan.Zero, null));

    [Fact]
    public void NextDelay_FirstPollOnceMeasured_WaitsTheMeasuredServiceTime()
    {
        var sut = CreateSut();
        sut.Observe(TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromMilliseconds(3060), sut.NextDelay(0, TimeSpan.Zero, null));
    }

    [Fact]
    public void NextDelay_WithProgress_WaitsUntilJustAfterTheFinishItImplies() =>
        Assert.Equal(TimeSpan.FromSeconds(2.1), CreateSut().NextDelay(1, TimeSpan.FromSeconds(8), 0.8));

    [Fact]
    public void NextDelay_ProgressNearlyDone_WaitsOnlyTheMinimumNotAFractionOfTheServiceTime() =>
        Assert.Equal(TimeSpan.FromMilliseconds(250), CreateSut().NextDelay(1, TimeSpan.FromSeconds(8), 0.99));

    [Fact]
    public void NextDelay_ProgressThatDidNotMove_BacksOffInstead()
    {
        var sut = CreateSut();

        var stuck = sut.NextDelay(2, TimeSpan.FromSeconds(9), 0.99, previousProgress: 0.99);

        Assert.Equal(TimeSpan.FromSeconds(3), stuck);
    }

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
    public void NextDelay_FirstPollAlreadyDue_WaitsAtLeastFivePercentOfTheServiceTime()
    {
        var sut = CreateSut();
        sut.Observe(TimeSpan.FromSeconds(8));

        Assert.Equal(TimeSpan.FromMilliseconds(400), sut.NextDelay(0, TimeSpan.FromSeconds(10), null));
    }

    [Fact]
    public void Observe_PendingWithProgressThenReady_EstimatesFromTheProgress()
    {
        var sut = CreateSut();

        sut.Observe(TimeSpan.FromSeconds(0.4), 0.8, TimeSpan.FromSeconds(0.6));

        Assert.Equal(TimeSpan.FromSeconds(0.5), sut.ExpectedServiceTime);
    }

    [Fact]
    public void Observe_ReadyAtTheFirstPollBeforeAnyTaskWasSeenRunning_ProbesHalfAsLongNextTime()
    {
        var sut = CreateSut();

        sut.Observe(null, null, TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromSeconds(0.5), sut.ExpectedServiceTime);
    }

    [Fact]
    public void Observe_EveryTaskDoneAtItsFirstPoll_TheFirstPollComesEarlierAndEarlier()
    {
        var sut = CreateSut();
        sut.Observe(TimeSpan.FromSeconds(0.4), 0.8, TimeSpan.FromSeconds(0.6));
        var firstPolls = new List<TimeSpan>();

        for (var i = 0; i < 50; i++)
        {
            var firstPoll = sut.NextDelay(0, TimeSpan.Zero, null);
            firstPolls.Add(firstPoll);
            sut.Observe(null, null, firstPoll);
        }

        Assert.True(firstPolls.Zip(firstPolls.Skip(1)).All(p => p.Second < p.First));
        Assert.True(firstPolls[^1] < TimeSpan.FromSeconds(0.5));
    }

    [Fact]
    public void Observe_ReadyAtTheFirstPollOnceCalibrated_ProbesOnlySlightlyLower()
    {
        var sut = CreateSut();
        sut.Observe(TimeSpan.FromSeconds(0.4), 0.8, TimeSpan.FromSeconds(0.6));

        sut.Observe(null, null, TimeSpan.FromSeconds(0.5));

        Assert.Equal(0.497, sut.ExpectedServiceTime.TotalSeconds, precision: 3);
    }

    [Fact]
    public void Observe_ReportedServiceTime_ReplacesTheEstimateWithoutProbing()
    {
        var sut = CreateSut();
        sut.Observe(TimeSpan.FromSeconds(0.4), 0.8, TimeSpan.FromSeconds(0.6));

        sut.Observe(null, null, TimeSpan.FromSeconds(1.3), reported: TimeSpan.FromSeconds(1.2));
        sut.Observe(null, null, TimeSpan.FromSeconds(1.3), reported: TimeSpan.FromSeconds(1.2));

        Assert.Equal(TimeSpan.FromSeconds(1.2), sut.ExpectedServiceTime);
    }

    [Fact]
    public void NextDelay_SteadyReportedServiceTimes_FirstPollAtTheServiceTimeWithoutMargin()
    {
        var sut = CreateSut();
        for (var i = 0; i < 5; i++)
        {
            sut.Observe(null, null, TimeSpan.FromSeconds(1.01), reported: TimeSpan.FromSeconds(1));
        }

        Assert.Equal(TimeSpan.FromSeconds(1), sut.NextDelay(0, TimeSpan.Zero, null));
    }

    [Fact]
    public void NextDelay_ReportedServiceTimesThatVary_MarginGrowsToAtMostTwoPercent()
    {
        var steady = CreateSut();
        var varied = CreateSut();
        foreach (var ms in new[] { 1000, 1002, 998, 1001, 999 })
        {
            steady.Observe(null, null, TimeSpan.FromSeconds(2), reported: TimeSpan.FromMilliseconds(1000));
            varied.Observe(null, null, TimeSpan.FromSeconds(2), reported: TimeSpan.FromMilliseconds(ms));
        }

        var wild = CreateSut();
        foreach (var ms in new[] { 1000, 3000, 500, 2500, 800 })
        {
            wild.Observe(null, null, TimeSpan.FromSeconds(4), reported: TimeSpan.FromMilliseconds(ms));
        }

        var steadyMargin = steady.NextDelay(0, TimeSpan.Zero, null) - steady.ExpectedServiceTime;
        var variedMargin = varied.NextDelay(0, TimeSpan.Zero, null) - varied.ExpectedServiceTime;
        var wildMargin = wild.NextDelay(0, TimeSpan.Zero, null) - wild.ExpectedServiceTime;
        Assert.True(variedMargin > steadyMargin);
        Assert.InRange(variedMargin.TotalMilliseconds, 0.1, 20);
        Assert.Equal(wild.ExpectedServiceTime.TotalMilliseconds * 0.02, wildMargin.TotalMilliseconds, precision: 0);
    }

    [Fact]
    public void Observe_SeenRunningPastTheReportedServiceTime_LearnsFromItsOwnLook()
    {
        var sut = CreateSut();

        sut.Observe(TimeSpan.FromSeconds(0.8), 0.8, TimeSpan.FromSeconds(1.1), reported: TimeSpan.FromSeconds(0.5));

        Assert.Equal(TimeSpan.FromSeconds(1), sut.ExpectedServiceTime);
    }
}
