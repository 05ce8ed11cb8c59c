using System.Globalization;
using CsvHelper;
using Pipeline.Records;

namespace Pipeline.Export;

/// <summary>
/// The renditions an export may copy, from <c>renditions.csv</c> (columns <c>run_id, job_id, rendition, file, format,
/// width, height, bytes, sha256, source_sha256, status, detail, created_at</c>, read by name): the latest
/// <c>succeeded</c> row per job and rendition.
/// </summary>
internal static class RenditionRecords
{
    public const string FileName = "renditions.csv";

    private static readonly CsvReaderOptions ReaderOptions = new() { HasHeader = true, FormatProvider = CultureInfo.InvariantCulture };

    /// <summary>(job id, rendition) → (file relative to the campaign folder, its SHA-256); empty without <c>renditions.csv</c>.</summary>
    public static IReadOnlyDictionary<(string JobId, string Rendition), (string File, string Sha256)> Read(CampaignFolder folder)
    {
        var path = Path.Combine(folder.Root, FileName);
        var latest = new Dictionary<(string, string), (string, string)>();
        if (!File.Exists(path))
        {
            return latest;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        using var csv = CsvReader.Create(bytes.AsMemory(0, CsvRecords.CompleteLength(bytes)), ReaderOptions);
        while (csv.Read())
        {
            if (csv.GetString("status") == "succeeded" && csv.GetString("file") is { Length: > 0 } file)
            {
                latest[(csv.GetString("job_id"), csv.GetString("rendition"))] = (file, csv.GetString("sha256"));
            }
        }

        return latest;
    }
}
