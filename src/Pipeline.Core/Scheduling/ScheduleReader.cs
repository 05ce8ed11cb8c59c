using System.Text.RegularExpressions;
using Pipeline.Manifests.Reading;
using Pipeline.Providers;
using Pipeline.Providers.Catalog;
using Pipeline.Domain;

namespace Pipeline.Scheduling;

/// <summary>Reads the top level and the entries of a schedules file.</summary>
internal static partial class ScheduleReader
{
    private static readonly string[] Keys = ["version", "schedules", "notify"];
    private static readonly string[] EntryKeys = ["name", "manifest", "cron", "timezone", "provider", "base_url", "output", "notify"];

    public static IReadOnlyList<ScheduleEntry>? Read(YamlNode root, ReadContext cx, string baseDirectory)
    {
        if (cx.Mapping(root, string.Empty, "the schedules file", Keys) is not { } top)
        {
            return null;
        }

        var version = cx.Text(top.Required("version", "1"), "version", "version 1");
        if (version is not null && version != "1")
        {
            cx.Error("version", $"unsupported schedules version {version}; this pipeline reads version 1");
        }

        var items = cx.List(top.Required("schedules", "a list of schedule entries"), "schedules", "schedule entries") ?? [];
        if (items.Count == 0 && top["schedules"] is not null)
        {
            cx.Error("schedules", "the list is empty; add at least one entry with manifest and cron");
        }

        var notify = NotifyReader.Read(top, cx);
        var entries = new List<ScheduleEntry>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var path = ReadContext.Index("schedules", i);
            if (Entry(items[i], path, cx, baseDirectory, notify) is not { } entry)
            {
                continue;
            }

            if (names.TryGetValue(entry.Name, out var first))
            {
                cx.Error(cx.PositionOf(path), path, $"duplicate name '{entry.Name}' (also entry {first + 1}); give each entry its own name");
                continue;
            }

            names.Add(entry.Name, i);
            entries.Add(entry);
        }

        return entries;
    }

    private static ScheduleEntry? Entry(YamlNode node, string path, ReadContext cx, string baseDirectory, Notifications.NotifySettings? notifyAll)
    {
        if (cx.Mapping(node, path, "a schedule entry", EntryKeys) is not { } fields)
        {
            return null;
        }

        var manifest = cx.Text(fields.Required("manifest", "the path of a campaign manifest"), fields.PathOf("manifest"), "a manifest path");
        string? manifestPath = null;
        if (manifest is not null)
        {
            manifestPath = Path.GetFullPath(manifest, baseDirectory);
            if (!File.Exists(manifestPath))
            {
                cx.Error(fields.PathOf("manifest"), $"manifest '{manifest}' not found (looked for {manifestPath}; paths are relative to the schedules file)");
            }
        }

        var name = cx.Text(fields.Optional("name", "a name"), fields.PathOf("name"), "a name like acme-weekly");
        if (name is not null && !SlugPattern().IsMatch(name))
        {
            cx.Error(fields.PathOf("name"), $"'{name}' is not a valid name; use lower-case letters, digits and '-', starting with a letter or digit");
        }

        var timeZone = TimeZone(fields, cx);
        var cron = Cron(fields, timeZone, cx);
        var provider = cx.OneOf(fields.Optional("provider", "a provider"), fields.PathOf("provider"), "provider", ProviderCatalog.Names);
        var baseUrl = BaseUrl(fields, cx);
        var output = cx.Text(fields.Optional("output", "a folder"), fields.PathOf("output"), "a folder path");
        var notify = NotifyReader.Read(fields, cx) ?? notifyAll;
        if (manifestPath is null || cron is null)
        {
            return null;
        }

        name ??= Path.GetFileNameWithoutExtension(manifestPath).ToLowerInvariant();
        return new ScheduleEntry(name, manifestPath, cron, provider, baseUrl, output is null ? null : Path.GetFullPath(output, baseDirectory), notify);
    }

    private static TimeZoneInfo TimeZone(Fields fields, ReadContext cx)
    {
        if (cx.Text(fields.Optional("timezone", "an IANA time zone id"), fields.PathOf("timezone"), "an IANA time zone id like Europe/Berlin") is not { } id)
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZones.Find(id);
        }
        catch (FormatException ex)
        {
            cx.Error(fields.PathOf("timezone"), ex.Message);
            return TimeZoneInfo.Utc;
        }
    }

    private static CronSchedule? Cron(Fields fields, TimeZoneInfo timeZone, ReadContext cx)
    {
        const string Expected = "a cron expression: 5 fields (Unix, e.g. \"0 6 * * 1\") or 6-7 fields (Quartz, e.g. \"0 0 6 ? * MON\")";
        if (cx.Text(fields.Required("cron", Expected), fields.PathOf("cron"), Expected) is not { } text)
        {
            return null;
        }

        try
        {
            return CronSchedule.Parse(text, timeZone);
        }
        catch (FormatException ex)
        {
            cx.Error(fields.PathOf("cron"), $"invalid cron '{text}': {ex.Message}; expected {Expected}");
            return null;
        }
    }

    private static Uri? BaseUrl(Fields fields, ReadContext cx)
    {
        if (cx.Text(fields.Optional("base_url", "a URL"), fields.PathOf("base_url"), "an absolute http(s) URL") is not { } text)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        cx.Error(fields.PathOf("base_url"), $"'{text}' is not an absolute http(s) URL");
        return null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
