using System.Globalization;
using CsvHelper;
using Pipeline.Records;

namespace Pipeline.Export;

/// <summary>
/// <c>export.csv</c> in the target folder: every file an export put there, one row per job and rendition. A later
/// export into the same folder keeps the earlier rows and adds or updates its own, so the file describes the folder.
/// </summary>
internal static class ExportCsv
{
    public const string FileName = "export.csv";

    public static IReadOnlyList<string> Columns { get; } =
        ["job_id", "prompt_id", "finetune_id", "finetune_strength", "seed", "aspect_ratio", "rendition", "file", "sha256", "request_id", "decision"];

    private static readonly CsvReaderOptions ReaderOptions = new() { HasHeader = true, FormatProvider = CultureInfo.InvariantCulture };
    private static readonly CsvWriterOptions WriterOptions = new() { FormatProvider = CultureInfo.InvariantCulture };

    public static IReadOnlyList<ExportRow> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var bytes = File.ReadAllBytes(path);
        using var csv = CsvReader.Create(bytes.AsMemory(0, CsvRecords.CompleteLength(bytes)), ReaderOptions);
        var rows = new List<ExportRow>();
        while (csv.Read())
        {
            rows.Add(new ExportRow(
                csv.GetString("job_id"), csv.GetString("prompt_id"), Optional(csv.GetString("finetune_id")), csv.GetString("finetune_strength"),
                csv.GetString("seed"), csv.GetString("aspect_ratio"), csv.GetString("rendition"), csv.GetString("file"), csv.GetString("sha256"),
                Optional(csv.GetString("request_id")), csv.GetString("decision")));
        }

        return rows;
    }

    /// <summary>Writes <paramref name="rows"/> whole (a temporary file, then a rename): a reader sees the old file or the new one.</summary>
    public static void Write(string path, IReadOnlyList<ExportRow> rows)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using (var csv = CsvWriter.Create(stream, WriterOptions, leaveOpen: true))
            {
                csv.WriteRecord([.. Columns]);
                foreach (var r in rows)
                {
                    csv.WriteRecord([r.JobId, r.PromptId, r.FinetuneId ?? string.Empty, r.FinetuneStrength, r.Seed, r.AspectRatio, r.Rendition, r.File, r.Sha256, r.RequestId ?? string.Empty, r.Decision]);
                }
            }

            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    private static string? Optional(string value) => value.Length > 0 ? value : null;
}
