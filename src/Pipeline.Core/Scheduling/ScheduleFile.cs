namespace Pipeline.Scheduling;

/// <summary>A loaded, valid schedules file (<c>schemas/schedules.schema.json</c>).</summary>
/// <param name="Path">Where it was read from (absolute).</param>
public sealed record ScheduleFile(string Path, IReadOnlyList<ScheduleEntry> Entries);
