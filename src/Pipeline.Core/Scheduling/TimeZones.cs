namespace Pipeline.Scheduling;

/// <summary>IANA time zone ids, as the operating system's tz database knows them.</summary>
internal static class TimeZones
{
    /// <exception cref="FormatException">Unknown id; the message names the fix.</exception>
    public static TimeZoneInfo Find(string id)
    {
        if (id is "UTC" or "Etc/UTC")
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new FormatException($"unknown time zone '{id}'; use an IANA id such as Europe/Berlin, America/New_York or UTC (a container image needs the tzdata package)", ex);
        }
    }
}
