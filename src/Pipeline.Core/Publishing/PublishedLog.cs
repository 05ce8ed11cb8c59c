using System.Globalization;
using CsvHelper;

namespace Pipeline.Publishing;

/// <summary>
/// Append-only <c>&lt;campaign&gt;/published.csv</c> (RFC 4180 via CsvHelper): <c>time, destination, key, sha256, bytes,
/// status</c>, header once, each row flushed to disk before <see cref="Append"/> returns. Thread-safe.
/// </summary>
public sealed class PublishedLog : IDisposable
{
    public const string FileName = "published.csv";

    public static readonly IReadOnlyList<string> Columns = ["time", "destination", "key", "sha256", "bytes", "status"];

    private readonly Lock _gate = new();
    private readonly FileStream _stream;
    private readonly CsvWriter _csv;

    private PublishedLog(FileStream stream)
    {
        _stream = stream;
        _csv = CsvWriter.Create(stream, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture, ValidateFieldCount = false }, leaveOpen: true);
    }

    /// <summary>Opens (or creates) <c>published.csv</c> in <paramref name="campaignRoot"/>, writing the header if it is new.</summary>
    /// <exception cref="IOException">The file cannot be opened or written.</exception>
    public static PublishedLog Open(string campaignRoot)
    {
        var stream = new FileStream(Path.Combine(campaignRoot, FileName), FileMode.Append, FileAccess.Write, FileShare.Read);
        var log = new PublishedLog(stream);
        if (stream.Length == 0)
        {
            log.Write([.. Columns]);
        }

        return log;
    }

    public void Append(DateTimeOffset time, PublishDestination destination, PublishOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(outcome);
        Write(
        [
            time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            destination.ToString(),
            outcome.Key,
            outcome.Sha256 ?? string.Empty,
            outcome.Bytes.ToString(CultureInfo.InvariantCulture),
            PublishOutcome.Wire(outcome.Status),
        ]);
    }

    private void Write(string[] fields)
    {
        lock (_gate)
        {
            _csv.WriteRecord(fields);
            _csv.Flush();
            _stream.Flush(flushToDisk: true);
        }
    }

    public void Dispose()
    {
        _csv.Dispose();
        _stream.Dispose();
    }
}
