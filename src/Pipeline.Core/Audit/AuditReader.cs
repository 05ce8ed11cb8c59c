using System.Globalization;
using CsvHelper;

namespace Pipeline.Audit;

/// <summary>Reads <c>audit.csv</c> back into <see cref="AuditRow"/>s (used by reruns, verify and reports).</summary>
public static class AuditReader
{
    private static readonly CsvReaderOptions ReaderOptions = new() { HasHeader = true, FormatProvider = CultureInfo.InvariantCulture };

    /// <summary>The campaign view: the rows of every audit log in the folder (all shards), whole campaign first.</summary>
    public static IReadOnlyList<AuditRow> ReadCampaign(Execution.CampaignFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return folder.AllAuditPaths().SelectMany(Read).ToList();
    }

    /// <summary>Every complete row of the log at <paramref name="path"/>; an absent file has none.</summary>
    /// <exception cref="FormatException">A row has a value the contract does not allow.</exception>
    public static IReadOnlyList<AuditRow> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var csv = CsvReader.Create(stream, ReaderOptions, leaveOpen: false);
        var rows = new List<AuditRow>();
        while (csv.Read())
        {
            rows.Add(Row(csv));
        }

        return rows;
    }

    private static AuditRow Row(CsvReader csv) => new(
        RunId: csv.GetString("run_id"),
        JobId: csv.GetString("job_id"),
        Campaign: csv.GetString("campaign"),
        PromptId: csv.GetString("prompt_id"),
        Prompt: csv.GetString("prompt"),
        Provider: csv.GetString("provider"),
        Model: csv.GetString("model"),
        FinetuneId: Optional(csv, "finetune_id"),
        FinetuneStrength: Optional(csv, "finetune_strength") is { } s ? decimal.Parse(s, CultureInfo.InvariantCulture) : null,
        Seed: long.Parse(csv.GetString("seed"), CultureInfo.InvariantCulture),
        AspectRatio: Optional(csv, "aspect_ratio"),
        Width: Optional(csv, "width") is { } w ? int.Parse(w, CultureInfo.InvariantCulture) : null,
        Height: Optional(csv, "height") is { } h ? int.Parse(h, CultureInfo.InvariantCulture) : null,
        Format: csv.GetString("format"),
        RequestId: Optional(csv, "request_id"),
        Status: JobStatusNames.Parse(csv.GetString("status")),
        Attempts: int.Parse(csv.GetString("attempts"), CultureInfo.InvariantCulture),
        CostUsd: decimal.Parse(csv.GetString("cost_usd"), CultureInfo.InvariantCulture),
        Nsfw: csv.GetString("nsfw") == "true",
        Verification: csv.GetString("verification"),
        File: Optional(csv, "file"),
        Sha256: Optional(csv, "sha256"),
        SubmittedAt: Optional(csv, "submitted_at") is { } sa ? DateTimeOffset.Parse(sa, CultureInfo.InvariantCulture) : null,
        CompletedAt: Optional(csv, "completed_at") is { } ca ? DateTimeOffset.Parse(ca, CultureInfo.InvariantCulture) : null,
        Detail: csv.Headers.Contains("detail") ? Optional(csv, "detail") : null);

    private static string? Optional(CsvReader csv, string name) =>
        csv.GetString(name) is { Length: > 0 } value ? value : null;
}
