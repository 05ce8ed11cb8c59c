using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Audit;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Reports;

/// <summary>
/// The provenance the report's viewer shows for each job: the sidecar beside the image when there is one, and the
/// audit outcome. Embedded in the page as one JSON object keyed by job id.
/// </summary>
internal static class ProvenanceData
{
    /// <summary>JSON safe inside a <c>&lt;script&gt;</c> element: the default encoder escapes <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c>.</summary>
    public static string Build(CampaignFolder folder, IReadOnlyList<AuditRow> latest)
    {
        var all = new JsonObject();
        var renditions = Renditions(folder);
        foreach (var row in latest)
        {
            all[row.JobId] = new JsonObject
            {
                ["status"] = row.Status.ToWire(),
                ["verification"] = row.Verification,
                ["file"] = row.File,
                ["detail"] = row.Detail,
                ["sidecar"] = Sidecar(folder, row),
                ["renditions"] = new JsonArray([.. renditions.Where(r => r.JobId == row.JobId).Select(Link)]),
                ["audit"] = new JsonObject
                {
                    ["run_id"] = row.RunId,
                    ["request_id"] = row.RequestId,
                    ["attempts"] = row.Attempts,
                    ["cost_usd"] = row.CostUsd.ToString(CultureInfo.InvariantCulture),
                    ["sha256"] = row.Sha256,
                    ["submitted_at"] = Time(row.SubmittedAt),
                    ["completed_at"] = Time(row.CompletedAt),
                },
            };
        }

        return all.ToJsonString();
    }

    /// <summary>The kept renditions (latest row per image and name succeeded), or none when the log is unreadable: the report is auxiliary.</summary>
    private static List<RenditionRow> Renditions(CampaignFolder folder)
    {
        try
        {
            return RenditionLog.Read(folder.RenditionsLogPath)
                .GroupBy(r => (r.JobId, r.Rendition))
                .Select(g => g.Last())
                .Where(r => r.Status == RenditionRow.Succeeded && r.File is not null)
                .ToList();
        }
        catch (Exception ex) when (ex is FormatException or IOException)
        {
            return [];
        }
    }

    /// <summary>A link the viewer lists under the image; relative to <c>report/index.html</c>.</summary>
    private static JsonNode Link(RenditionRow r) => new JsonObject
    {
        ["name"] = r.Rendition,
        ["href"] = "../" + r.File,
        ["format"] = r.Format,
        ["width"] = r.Width,
        ["height"] = r.Height,
        ["bytes"] = r.Bytes,
    };

    /// <summary>As the audit log writes it: ISO 8601 UTC with milliseconds.</summary>
    private static string? Time(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString(AuditColumns.TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>The sidecar as written, or null when absent or unreadable (the report is auxiliary: it never fails on one file).</summary>
    private static JsonNode? Sidecar(CampaignFolder folder, AuditRow row)
    {
        if (row.File is null)
        {
            return null;
        }

        var path = Path.Combine(folder.Root, row.File + ".json");
        try
        {
            return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return null;
        }
    }
}
