using System.Globalization;
using CsvHelper;

namespace Pipeline.Records;

/// <summary>
/// Append-only <c>renditions.csv</c> (RFC 4180 via CsvHelper): header written once, one row per derived rendition,
/// each row handed to the OS before <see cref="Append"/> returns. Thread-safe, and safe beside other processes appending
/// at once (the shards of a run, each deriving its own masters' renditions), as every CSV log of the folder is
/// (<see cref="AppendOnlyCsv"/>). Not fsynced: a row lost in a crash only makes the next run derive that rendition
/// again, since a rendition counts only when a row vouches for its file's hash (docs/architecture.md#40-renditions).
/// </summary>
/// <remarks>
/// A crash can tear only the last row; the next append cuts it off (the rendition it described is derived again,
/// since no complete row vouches for its file) and <see cref="Read"/> ignores it.
/// </remarks>
public sealed class RenditionLog : IDisposable
{
    private static readonly CsvReaderOptions ReaderOptions = new() { HasHeader = true, FormatProvider = CultureInfo.InvariantCulture, TrackLineNumbers = true };

    private readonly AppendOnlyCsv _csv;

    private RenditionLog(AppendOnlyCsv csv) => _csv = csv;

    /// <summary>Opens (or creates) the log at <paramref name="path"/>, cutting a torn last row; writes the header if empty.</summary>
    /// <param name="time">Names the copy of a torn row; default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="IOException">The file cannot be opened or written.</exception>
    public static RenditionLog Open(string path, TimeProvider? time = null) =>
        new(AppendOnlyCsv.Open(path, RenditionRow.Columns, durable: false, time ?? TimeProvider.System));

    /// <summary>Appends <paramref name="row"/> and returns once the OS has it.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Append(RenditionRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        _csv.Append(Fields(row));
    }

    public void Dispose() => _csv.Dispose();

    /// <summary>Every complete row of the log at <paramref name="path"/>; an absent file has none.</summary>
    /// <exception cref="FormatException">A row has a value the contract does not allow (the message names file and line).</exception>
    public static IReadOnlyList<RenditionRow> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var bytes = CsvRecords.ReadShared(path);
        using var csv = CsvReader.Create(bytes.AsMemory(0, CsvRecords.CompleteLength(bytes)), ReaderOptions);
        var rows = new List<RenditionRow>();
        while (csv.Read())
        {
            try
            {
                rows.Add(new RenditionRow(
                    csv.GetString("run_id"), csv.GetString("job_id"), csv.GetString("rendition"), Optional(csv, "file"), csv.GetString("format"),
                    Optional(csv, "width") is { } w ? int.Parse(w, CultureInfo.InvariantCulture) : null,
                    Optional(csv, "height") is { } h ? int.Parse(h, CultureInfo.InvariantCulture) : null,
                    Optional(csv, "bytes") is { } b ? long.Parse(b, CultureInfo.InvariantCulture) : null,
                    Optional(csv, "sha256"), csv.GetString("source_sha256"), csv.GetString("status"), Optional(csv, "detail"),
                    DateTimeOffset.Parse(csv.GetString("created_at"), CultureInfo.InvariantCulture),
                    csv.Headers.Contains("key") ? csv.GetString("key") : string.Empty));
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
            {
                throw new FormatException($"{path}:{csv.LineNumber}: {ex.Message}", ex);
            }
        }

        return rows;
    }

    private static string[] Fields(RenditionRow r) =>
    [
        r.RunId, r.JobId, r.Rendition, r.File ?? string.Empty, r.Format, Format(r.Width), Format(r.Height),
        r.Bytes?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, r.Sha256 ?? string.Empty, r.SourceSha256, r.Status,
        r.Detail ?? string.Empty, r.CreatedAt.UtcDateTime.ToString(AuditColumns.TimeFormat, CultureInfo.InvariantCulture), r.Key,
    ];

    private static string Format(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string? Optional(CsvReader csv, string name) =>
        csv.GetString(name) is { Length: > 0 } value ? value : null;
}
