using System.Globalization;
using CsvHelper;
using Pipeline.Domain;

namespace Pipeline.Records;

/// <summary>
/// Reads <c>audit.csv</c> back into <see cref="AuditRow"/>s (used by reruns, verify, audit and reports). Only complete
/// records are read: a row torn by a crash is left for <see cref="AuditLog.Open"/> to repair.
/// </summary>
internal static class AuditReader
{
    private static readonly CsvReaderOptions ReaderOptions = new() { HasHeader = true, FormatProvider = CultureInfo.InvariantCulture, TrackLineNumbers = true };

    /// <summary>The campaign view: the rows of every audit log in the folder (all shards), whole campaign first.</summary>
    /// <exception cref="FormatException">A row has a value the contract does not allow (the message names file and line).</exception>
    public static IReadOnlyList<AuditRow> ReadCampaign(CampaignFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return folder.AllAuditPaths().SelectMany(Read).ToList();
    }

    /// <summary>Every complete row of the log at <paramref name="path"/>; an absent file has none.</summary>
    /// <exception cref="FormatException">A row has a value the contract does not allow (the message names file and line).</exception>
    public static IReadOnlyList<AuditRow> Read(string path) => ReadLog(path).Rows;

    /// <summary>The complete rows of the log at <paramref name="path"/> and the size of a torn tail after them.</summary>
    /// <exception cref="FormatException">A row has a value the contract does not allow (the message names file and line).</exception>
    public static AuditLogContent ReadLog(string path)
    {
        if (!File.Exists(path))
        {
            return new AuditLogContent(path, [], 0);
        }

        var bytes = CsvRecords.ReadShared(path);
        var complete = CsvRecords.CompleteLength(bytes);
        using var csv = CsvReader.Create(bytes.AsMemory(0, complete), ReaderOptions);
        var rows = new List<AuditRow>();
        while (csv.Read())
        {
            try
            {
                rows.Add(Row(csv));
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
            {
                throw new FormatException($"{path}:{csv.LineNumber}: {ex.Message}", ex);
            }
        }

        return new AuditLogContent(path, rows, bytes.Length - complete);
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

/// <summary>One audit log as read: its complete rows, and how many bytes of a torn last row follow them.</summary>
public sealed record AuditLogContent(string Path, IReadOnlyList<AuditRow> Rows, long TornBytes);
