using Quartz;

namespace Pipeline.Scheduling;

/// <summary>
/// When a schedule fires: a cron expression evaluated in an IANA time zone by Quartz's <see cref="CronExpression"/>.
/// Two dialects are accepted, told apart by their field count:
/// <list type="bullet">
/// <item>5 fields (or <c>@daily</c>, <c>@hourly</c>, <c>@weekly</c>, <c>@monthly</c>, <c>@yearly</c>): Unix cron, translated;</item>
/// <item>6 or 7 fields: Quartz cron as is (<c>second minute hour day-of-month month day-of-week [year]</c>, with <c>?</c>, <c>L</c>, <c>W</c>, <c>#</c>).</item>
/// </list>
/// </summary>
/// <remarks>
/// Daylight saving follows Quartz 4.7: a wall-clock time skipped by the spring change fires when the gap ends (02:30
/// over a 02:00-03:00 gap fires at 03:00); a time repeated in autumn fires once, at its first occurrence.
/// <para>Quartz rather than Cronos: schedule files are written in Quartz's dialect, which Cronos reads differently
/// (day-of-week 0-6, both day fields as AND) or not at all (the year field); both handle time zones and DST.</para>
/// </remarks>
public sealed class CronSchedule
{
    private readonly CronExpression _expression;

    private CronSchedule(string text, string quartz, TimeZoneInfo timeZone)
    {
        Text = text;
        QuartzExpression = quartz;
        TimeZone = timeZone;
        _expression = CronExpression.Parse(quartz).WithTimeZone(timeZone);
    }

    /// <summary>The expression as written in the schedule file.</summary>
    public string Text { get; }

    /// <summary>The Quartz expression evaluated (equal to <see cref="Text"/> for Quartz syntax).</summary>
    public string QuartzExpression { get; }

    public TimeZoneInfo TimeZone { get; }

    /// <summary>Parses either dialect.</summary>
    /// <exception cref="FormatException">The expression is invalid; the message says why and what is allowed.</exception>
    public static CronSchedule Parse(string text, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(timeZone);
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        string quartz;
        if (UnixCron.IsMacro(text) || fields == 5)
        {
            quartz = UnixCron.ToQuartz(text);
        }
        else if (fields is 6 or 7)
        {
            quartz = text.Trim();
            RequireOneOpenDayField(quartz);
        }
        else
        {
            throw new FormatException($"{fields} fields; expected 5 (Unix: minute hour day-of-month month day-of-week) "
                + "or 6-7 (Quartz: second minute hour day-of-month month day-of-week [year])");
        }

        try
        {
            _ = CronExpression.Parse(quartz);
        }
        catch (FormatException ex)
        {
            var translated = quartz == text.Trim() ? string.Empty : $" (as Quartz: '{quartz}')";
            throw new FormatException(ex.Message.TrimEnd('.') + translated, ex);
        }

        return new CronSchedule(text, quartz, timeZone);
    }

    /// <summary>
    /// Quartz 3 refused an expression without <c>?</c> in one day field; Quartz 4.7 reads it as "either day" (so
    /// <c>0 0 6 * * *</c> became daily). A schedule keeps the explicit <c>?</c> it has always needed, so an entry
    /// never changes meaning with the Quartz version.
    /// </summary>
    private static void RequireOneOpenDayField(string quartz)
    {
        var parts = quartz.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts[3] != "?" && parts[5] != "?")
        {
            throw new FormatException("specifying both a day-of-week AND a day-of-month is not supported: "
                + "put '?' in one of them (e.g. \"0 0 6 ? * *\" for daily at 06:00)");
        }
    }

    /// <summary>The first fire time strictly after <paramref name="instant"/>, or null when there is none (a past year).</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset instant)
    {
        lock (_expression)
        {
            // CronExpression caches parse state; one evaluation at a time.
            return _expression.GetNextValidTimeAfter(instant);
        }
    }

    public override string ToString() => $"{Text} ({TimeZone.Id})";
}
