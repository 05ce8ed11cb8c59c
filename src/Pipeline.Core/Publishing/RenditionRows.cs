using System.Globalization;
using CsvHelper;

namespace Pipeline.Publishing;

/// <summary>
/// Reads <c>renditions.csv</c> for publishing: per job and rendition the latest row, kept when its status is
/// <c>succeeded</c>. Columns are read by name (<c>job_id, rendition, file, sha256, source_sha256, status</c>).
/// </summary>
internal static class RenditionRows
{
    public const string FileName = "renditions.csv";

    private static readonly CsvReaderOptions Options = new() { HasHeader = true, FormatProvider = CultureInfo.InvariantCulture };

    /// <summary>The succeeded renditions named in <paramref name="names"/>, one per job and rendition.</summary>
    public static IReadOnlyList<RenditionFile> Read(string path, IReadOnlyCollection<string> names)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var latest = new Dictionary<(string, string), RenditionFile?>();
        using var csv = CsvReader.Create(File.ReadAllBytes(path).AsMemory(), Options);
        while (csv.Read())
        {
            var name = csv.GetString("rendition");
            if (!names.Contains(name))
            {
                continue;
            }

            var job = csv.GetString("job_id");
            latest[(job, name)] = csv.GetString("status") == "succeeded" && csv.GetString("sha256") is { Length: > 0 } sha
                ? new RenditionFile(job, name, csv.GetString("file"), sha, csv.GetString("source_sha256"))
                : null;
        }

        return latest.Values.OfType<RenditionFile>().ToList();
    }
}

/// <summary>One rendition as its row records it.</summary>
/// <param name="File">Relative to the campaign folder, <c>/</c>-separated.</param>
internal sealed record RenditionFile(string JobId, string Rendition, string File, string Sha256, string SourceSha256);
