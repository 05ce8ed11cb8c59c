using System.Globalization;
using CsvHelper;

namespace Pipeline.Audit;

/// <summary>
/// Append-only <c>audit.csv</c> (RFC 4180 via CsvHelper): header written once, one row per job outcome,
/// each row flushed to disk before <see cref="Append"/> returns. Thread-safe.
/// </summary>
public sealed class AuditLog : IDisposable
{
    private readonly Lock _gate = new();
    private readonly FileStream _stream;
    private readonly CsvWriter _csv;

    private AuditLog(FileStream stream)
    {
        _stream = stream;
        _csv = CsvWriter.Create(stream, WriterOptions, leaveOpen: true);
    }

    private static CsvWriterOptions WriterOptions { get; } = new()
    {
        FormatProvider = CultureInfo.InvariantCulture,
        ValidateFieldCount = false,
    };

    public string Path => _stream.Name;

    /// <summary>Opens (or creates) the log at <paramref name="path"/> for appending; writes the header if the file is empty.</summary>
    /// <exception cref="IOException">The file cannot be opened for writing.</exception>
    public static AuditLog Open(string path)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        stream.Seek(0, SeekOrigin.End);
        var log = new AuditLog(stream);
        if (stream.Length == 0)
        {
            log._csv.WriteRecord([.. AuditColumns.All]);
            log.Flush();
        }

        return log;
    }

    /// <summary>Appends <paramref name="row"/> and flushes it to disk.</summary>
    public void Append(AuditRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        lock (_gate)
        {
            _csv.WriteRecord(Fields(row));
            Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _csv.Dispose();
            _stream.Dispose();
        }
    }

    private void Flush()
    {
        _csv.Flush();
        _stream.Flush(flushToDisk: true);
    }

    internal static string[] Fields(AuditRow r) =>
    [
        r.RunId, r.JobId, r.Campaign, r.PromptId, r.Prompt, r.Provider, r.Model, r.FinetuneId ?? string.Empty,
        Format(r.FinetuneStrength), r.Seed.ToString(CultureInfo.InvariantCulture), r.AspectRatio ?? string.Empty,
        Format(r.Width), Format(r.Height), r.Format, r.RequestId ?? string.Empty, r.Status.ToWire(),
        r.Attempts.ToString(CultureInfo.InvariantCulture), r.CostUsd.ToString(CultureInfo.InvariantCulture),
        r.Nsfw ? "true" : "false", r.Verification, r.File ?? string.Empty, r.Sha256 ?? string.Empty,
        Format(r.SubmittedAt), Format(r.CompletedAt), r.Detail ?? string.Empty,
    ];

    private static string Format(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Format(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Format(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString(AuditColumns.TimeFormat, CultureInfo.InvariantCulture) ?? string.Empty;
}
