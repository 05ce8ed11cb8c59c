namespace Pipeline.Scheduling;

/// <summary>One entry of a schedules file: render a manifest whenever <see cref="Cron"/> fires.</summary>
/// <param name="Name">Unique in the file; names the entry in logs. Default: the manifest's file name without extension.</param>
/// <param name="ManifestPath">Absolute; written relative to the schedules file's folder.</param>
/// <param name="Provider">Overrides the manifest's provider (as <c>run --provider</c>); null keeps it.</param>
/// <param name="BaseUrl">Overrides the provider's base URL (as <c>run --base-url</c>).</param>
/// <param name="OutputRoot">Absolute folder holding campaign folders; null uses <c>serve --output</c>.</param>
/// <param name="Notify">The entry's <c>notify</c>, else the file's; null for none.</param>
public sealed record ScheduleEntry(
    string Name,
    string ManifestPath,
    CronSchedule Cron,
    string? Provider = null,
    Uri? BaseUrl = null,
    string? OutputRoot = null,
    Pipeline.Notifications.NotifySettings? Notify = null);
