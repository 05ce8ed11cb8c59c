using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Records;

namespace Pipeline.Notifications;

/// <summary>
/// The JSON a webhook receives: Slack's <c>{"text": …}</c>, which Slack, Mattermost, Teams workflows and most chat
/// bridges show as is, plus a structured <c>pipeline</c> object for machines (docs/architecture.md#42-notifications).
/// Built from the notice alone: no key, header or webhook URL can be in it.
/// </summary>
public static class NoticePayload
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = ReadableJson.Encoder };

    public static string Build(RunNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var counts = new JsonObject();
        foreach (var (status, count) in notice.Counts)
        {
            counts[status] = count;
        }

        var payload = new JsonObject
        {
            ["text"] = Text(notice),
            ["pipeline"] = new JsonObject
            {
                ["campaign"] = notice.Campaign,
                ["schedule"] = notice.Schedule,
                ["run_id"] = notice.RunId,
                ["outcome"] = notice.Ending.ToWire(),
                ["planned"] = notice.Planned,
                ["already_verified"] = notice.AlreadyDone,
                ["counts"] = counts,
                ["spent_usd"] = notice.SpentUsd,
                ["total_spent_usd"] = notice.TotalSpentUsd,
                ["report"] = notice.ReportPath,
                ["detail"] = notice.Detail,
            },
        };
        // Webhook bodies are read by chat bridges and scripts, never placed in HTML as JSON: times and text as written.
        return payload.ToJsonString(Json);
    }

    /// <summary>One line a person reads in a channel.</summary>
    public static string Text(RunNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var inv = CultureInfo.InvariantCulture;
        var where = notice.Schedule is { } s ? $" (schedule {s})" : string.Empty;
        var counts = notice.Counts.Count == 0 ? "nothing rendered" : string.Join(", ", notice.Counts.Select(c => string.Create(inv, $"{c.Value} {c.Key}")));
        var text = string.Create(inv, $"pipeline: {notice.Campaign}{where} {notice.Ending.ToWire()}: {counts}; spent ${notice.SpentUsd} (${notice.TotalSpentUsd} in total)");
        if (notice.Detail is { } detail)
        {
            text += ". " + detail;
        }

        return notice.ReportPath is { } report ? $"{text}. Report: {report}" : text;
    }
}
