using System.Globalization;
using CsvHelper;

namespace Pipeline.Publishing;

/// <summary>
/// Reads <c>review.csv</c> (<c>time, reviewer, job_id, decision, note, sha256</c>) for publishing: per job, the latest
/// <c>approved</c>/<c>rejected</c>/<c>cleared</c> decides approval and the latest <c>starred</c>/<c>unstarred</c> decides
/// the star. Rows are appended in time order, so the latest is the last.
/// </summary>
internal static class ReviewChoices
{
    public const string FileName = "review.csv";

    private static readonly CsvReaderOptions Options = new() { HasHeader = true, FormatProvider = CultureInfo.InvariantCulture, TrackLineNumbers = true };

    /// <summary>The jobs <paramref name="selection"/> takes, each with the SHA-256 of the image that was reviewed (null if not recorded).</summary>
    /// <exception cref="FormatException">A row lacks a column or has an unknown decision.</exception>
    public static IReadOnlyDictionary<string, string?> Read(string path, Selection selection)
    {
        var approval = new Dictionary<string, (string Decision, string? Sha)>(StringComparer.Ordinal);
        var star = new Dictionary<string, (string Decision, string? Sha)>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            using var csv = CsvReader.Create(File.ReadAllBytes(path).AsMemory(), Options);
            while (csv.Read())
            {
                var job = csv.GetString("job_id");
                var decision = csv.GetString("decision");
                var sha = csv.Headers.Contains("sha256") && csv.GetString("sha256") is { Length: > 0 } s ? s : null;
                var target = decision switch
                {
                    "approved" or "rejected" or "cleared" => approval,
                    "starred" or "unstarred" => star,
                    _ => throw new FormatException($"{path}:{csv.LineNumber}: decision '{decision}' is not one of approved, rejected, starred, unstarred, cleared"),
                };
                target[job] = (decision, sha);
            }
        }

        var (source, wanted) = selection == Selection.Starred ? (star, "starred") : (approval, "approved");
        return source.Where(p => p.Value.Decision == wanted).ToDictionary(p => p.Key, p => p.Value.Sha, StringComparer.Ordinal);
    }
}
