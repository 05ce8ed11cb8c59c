using System.Globalization;
using Pipeline.Scheduling;

namespace Pipeline.Tests.Scheduling;

public sealed class CronScheduleTests
{
    /// <summary>Thursday 2026-01-01 00:00 UTC.</summary>
    private static readonly DateTimeOffset NewYear = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0 6 * * *", "2026-01-01T06:00 2026-01-02T06:00 2026-01-03T06:00")]
    [InlineData("*/20 * * * *", "2026-01-01T00:20 2026-01-01T00:40 2026-01-01T01:00")]
    [InlineData("0 6 * * 1-5", "2026-01-01T06:00 2026-01-02T06:00 2026-01-05T06:00")]
    [InlineData("0 6 * * 0", "2026-01-04T06:00 2026-01-11T06:00 2026-01-18T06:00")]
    [InlineData("0 6 * * 7", "2026-01-04T06:00 2026-01-11T06:00 2026-01-18T06:00")]
    [InlineData("0 6 * * 5-7", "2026-01-02T06:00 2026-01-03T06:00 2026-01-04T06:00 2026-01-09T06:00")]
    [InlineData("0 6 * * 0-7", "2026-01-01T06:00 2026-01-02T06:00 2026-01-03T06:00")]
    [InlineData("0 6 * * mon,wed", "2026-01-05T06:00 2026-01-07T06:00 2026-01-12T06:00")]
    [InlineData("0 6 * * 1-5/2", "2026-01-02T06:00 2026-01-05T06:00 2026-01-07T06:00")]
    [InlineData("0 6 15 * *", "2026-01-15T06:00 2026-02-15T06:00")]
    [InlineData("@daily", "2026-01-02T00:00 2026-01-03T00:00")]
    [InlineData("@weekly", "2026-01-04T00:00 2026-01-11T00:00")]
    [InlineData("0 30 2 ? * MON", "2026-01-05T02:30 2026-01-12T02:30")]
    [InlineData("0 0 22 L * ?", "2026-01-31T22:00 2026-02-28T22:00")]
    [InlineData("*/30 * * * * ?", "2026-01-01T00:00:30 2026-01-01T00:01")]
    public void NextAfter_UnixAndQuartzSyntax_FireAtTheExpectedTimes(string cron, string expected)
    {
        var schedule = CronSchedule.Parse(cron, TimeZoneInfo.Utc);

        Assert.Equal(expected.Split(' ').Select(Utc), Fires(schedule, NewYear, expected.Split(' ').Length));
    }

    [Fact]
    public void NextAfter_BerlinAcrossTheSpringChange_FollowsTheWallClock()
    {
        var schedule = CronSchedule.Parse("0 6 * * *", TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

        var fires = Fires(schedule, new DateTimeOffset(2026, 3, 28, 0, 0, 0, TimeSpan.Zero), 2);

        Assert.Equal([Utc("2026-03-28T05:00"), Utc("2026-03-29T04:00")], fires);
    }

    [Fact]
    public void NextAfter_BerlinTimeSkippedBySpringChange_FiresWhenTheGapEnds()
    {
        var schedule = CronSchedule.Parse("30 2 * * *", TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

        var fires = Fires(schedule, new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero), 2);

        // 02:30 does not exist on 2026-03-29 (02:00 CET becomes 03:00 CEST): it fires at 03:00 CEST, then as usual.
        Assert.Equal([Utc("2026-03-29T01:00"), Utc("2026-03-30T00:30")], fires);
    }

    [Theory]
    [InlineData("0 6 1 * 1", "both restricted")]
    [InlineData("0 6 * *", "4 fields")]
    [InlineData("0 25 * * *", "Hour values must be between 0 and 23")]
    [InlineData("@fortnightly", "unknown macro")]
    [InlineData("0 0 6 * * *", "day-of-week AND a day-of-month")]
    public void Parse_InvalidExpression_SaysWhy(string cron, string why)
    {
        var ex = Assert.Throws<FormatException>(() => CronSchedule.Parse(cron, TimeZoneInfo.Utc));

        Assert.Contains(why, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnixSyntax_KeepsTheTextAndShowsTheQuartzTranslation()
    {
        var schedule = CronSchedule.Parse("15 6 * * 1-5", TimeZoneInfo.Utc);

        Assert.Equal("15 6 * * 1-5", schedule.Text);
        Assert.Equal("0 15 6 ? * 2-6", schedule.QuartzExpression);
    }

    private static List<DateTimeOffset> Fires(CronSchedule schedule, DateTimeOffset from, int count)
    {
        var fires = new List<DateTimeOffset>();
        for (var at = from; fires.Count < count;)
        {
            at = schedule.NextAfter(at)!.Value;
            fires.Add(at.ToUniversalTime());
        }

        return fires;
    }

    private static DateTimeOffset Utc(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
}
