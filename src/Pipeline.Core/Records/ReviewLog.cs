using System.Globalization;
using CsvHelper;

namespace Pipeline.Records;

/// <summary>
/// Append-only <c>review.csv</c> (RFC 4180 via CsvHelper), columns <c>time, reviewer, job_id, decision, note,
/// sha256</c>, header once. Thread-safe: each row is formatted whole, then written with one write under the folder's
/// append lock and flushed to disk before <see cref="Append"/> returns (<see cref="AppendOnlyCsv"/>), so rows from two
/// browsers never interleave or tear.
/// </summary>
/// <remarks>One process appends at a time: the review server holds the campaign's review lock while it serves.</remarks>
public sealed class ReviewLog : IDisposable
{
    public static IReadOnlyList<string> Columns { get; } = ["time", "reviewer", "job_id", "decision", "note", "sha256"];

    private static readonly CsvReaderOptions ReaderOptions = new() { HasHeader = true, FormatProvider = CultureInfo.InvariantCulture, TrackLineNumbers = true };

    private readonly AppendOnlyCsv _csv;

    private ReviewLog(AppendOnlyCsv csv) => _csv = csv;

    /// <summary>Opens (or creates) the log for appending; a row torn by a crash mid-write is cut off first, so the next row starts clean.</summary>
    /// <exception cref="IOException">The file cannot be opened or written.</exception>
    public static ReviewLog Open(string path) => new(AppendOnlyCsv.Open(path, Columns, durable: true, TimeProvider.System));

    /// <summary>Appends <paramref name="entry"/> and returns once it is on disk.</summary>
    public void Append(ReviewEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _csv.Append(
        [
            entry.Time.UtcDateTime.ToString(AuditColumns.TimeFormat, CultureInfo.InvariantCulture), entry.Reviewer, entry.JobId,
            entry.Decision.ToWire(), entry.Note, entry.Sha256 ?? string.Empty,
        ]);
    }

    /// <summary>Every complete row of the log at <paramref name="path"/>; an absent file has none.</summary>
    /// <exception cref="FormatException">A row has a value the contract does not allow (the message names file and line).</exception>
    public static IReadOnlyList<ReviewEntry> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var bytes = CsvRecords.ReadShared(path);
        using var csv = CsvReader.Create(bytes.AsMemory(0, CsvRecords.CompleteLength(bytes)), ReaderOptions);
        var entries = new List<ReviewEntry>();
        while (csv.Read())
        {
            var decision = csv.GetString("decision");
            if (!ReviewDecisionNames.TryParse(decision, out var parsed)
                || !DateTimeOffset.TryParse(csv.GetString("time"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                throw new FormatException($"{path}:{csv.LineNumber}: a review row needs an ISO 8601 time and a decision of approved, rejected, starred, unstarred or cleared (found '{decision}').");
            }

            var sha = csv.GetString("sha256");
            entries.Add(new ReviewEntry(time, csv.GetString("reviewer"), csv.GetString("job_id"), parsed, csv.GetString("note"), sha.Length > 0 ? sha : null));
        }

        return entries;
    }

    public void Dispose() => _csv.Dispose();
}
