using System.Globalization;

namespace Pipeline.Scheduling;

/// <summary>
/// Translates 5-field Unix cron (<c>minute hour day-of-month month day-of-week</c>, and the <c>@daily</c>-style
/// macros) to Quartz's dialect: a leading seconds field, <c>?</c> in the day field that is not restricted, and
/// day-of-week numbers shifted from Unix's 0-7 (Sunday = 0 or 7) to Quartz's 1-7 (Sunday = 1).
/// </summary>
/// <remarks>
/// Day names become numbers too: Quartz ignores the step of a named range (<c>MON-FRI/2</c> fires every weekday),
/// while <c>2-6/2</c> works. Unix fires when <em>either</em> restricted day field matches; Quartz 3 could not say
/// that and Quartz syntax here still requires <c>?</c> in one day field, so restricting both is refused.
/// </remarks>
internal static class UnixCron
{
    private static readonly Dictionary<string, string> Macros = new(StringComparer.Ordinal)
    {
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
        ["@monthly"] = "0 0 1 * *",
        ["@weekly"] = "0 0 * * 0",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@hourly"] = "0 * * * *",
    };

    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    public static bool IsMacro(string text) => text.StartsWith('@');

    /// <summary>The Quartz expression for a Unix one.</summary>
    /// <exception cref="FormatException">Not five fields or a known macro, or both day fields restricted.</exception>
    public static string ToQuartz(string text)
    {
        if (IsMacro(text))
        {
            text = Macros.TryGetValue(text.Trim(), out var expanded)
                ? expanded
                : throw new FormatException($"unknown macro '{text}'; allowed: {string.Join(", ", Macros.Keys)}");
        }

        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fields.Length != 5)
        {
            throw new FormatException("a Unix cron expression has 5 fields: minute hour day-of-month month day-of-week");
        }

        var (dayOfMonth, dayOfWeek) = (fields[2], DayOfWeek(fields[4]));
        if (dayOfWeek == "*")
        {
            dayOfWeek = "?";
        }
        else if (dayOfMonth == "*")
        {
            dayOfMonth = "?";
        }
        else
        {
            throw new FormatException("day-of-month and day-of-week are both restricted; Unix cron fires when either matches, "
                + "which a schedule does not express: use two schedule entries, or Quartz syntax with '?' in one of them");
        }

        return $"0 {fields[0]} {fields[1]} {dayOfMonth} {fields[3]} {dayOfWeek}";
    }

    /// <summary>Each comma-separated part: <c>*</c>, <c>a</c>, <c>a-b</c>, optionally <c>/step</c>; days as 0-7 or names.</summary>
    private static string DayOfWeek(string field) =>
        string.Join(',', field.Split(',').Select(part =>
        {
            var slash = part.IndexOf('/', StringComparison.Ordinal);
            var (range, step) = slash < 0 ? (part, string.Empty) : (part[..slash], part[slash..]);
            if (range == "*")
            {
                return part;
            }

            var dash = range.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                return Day(range) is { } day ? Quartz(day) + step : part;
            }

            if (Day(range[..dash]) is not { } from || Day(range[(dash + 1)..]) is not { } to)
            {
                return part;
            }

            // Unix 7 is Sunday at the end of the week: 0-7 is every day, 5-7 wraps (Quartz: FRI..SUN = 6-1).
            var end = to == 7 ? (from == 0 ? 7 : 1) : Quartz(to);
            return $"{Quartz(from)}-{end}{step}";
        }));

    private static int? Day(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number is >= 0 and <= 7 ? number : null;
        }

        var index = Array.IndexOf(DayNames, text.ToUpperInvariant());
        return index >= 0 ? index : null;
    }

    private static int Quartz(int unixDay) => (unixDay % 7) + 1;
}
