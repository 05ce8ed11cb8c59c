using System.Globalization;
using CsvHelper;
using Pipeline.Durability;
using Pipeline.Domain;

namespace Pipeline.Records;

/// <summary>
/// Append-only <c>audit.csv</c> (RFC 4180 via CsvHelper): header written once, one row per job outcome,
/// each row on disk before <see cref="Append"/> returns (group commit: rows appended together share an fsync). Thread-safe.
/// </summary>
/// <remarks>
/// A crash can tear only the last row. <see cref="Open"/> repairs that before appending: the file is cut back to its
/// last complete record and the torn bytes are kept beside it in <c>audit.csv.torn-&lt;UTC time&gt;</c>. Nothing
/// complete is lost; the torn job has no outcome row, so the rerun re-attaches to it through the ledger.
/// </remarks>
internal sealed class AuditLog : IDisposable
{
    private readonly Lock _gate = new();
    private readonly FileStream _stream;
    private readonly CsvWriter _csv;
    private readonly GroupCommit _commit;

    private AuditLog(FileStream stream, string? tornCopyPath)
    {
        _stream = stream;
        TornCopyPath = tornCopyPath;
        _csv = CsvWriter.Create(stream, WriterOptions, leaveOpen: true);
        _commit = new GroupCommit(stream.SafeFileHandle);
    }

    private static CsvWriterOptions WriterOptions { get; } = new()
    {
        FormatProvider = CultureInfo.InvariantCulture,
        ValidateFieldCount = false,
    };

    public string Path => _stream.Name;

    /// <summary>Where <see cref="Open"/> kept a torn last row it cut off; null when the log was whole.</summary>
    public string? TornCopyPath { get; }

    /// <summary>
    /// Opens (or creates) the log at <paramref name="path"/> for appending, repairing a torn last row first; writes the
    /// header if the file is empty.
    /// </summary>
    /// <param name="time">Names the torn-row copy; default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="IOException">The file cannot be opened, repaired or written.</exception>
    public static AuditLog Open(string path, TimeProvider? time = null)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            var torn = Repair(stream, path, time ?? TimeProvider.System);
            stream.Seek(0, SeekOrigin.End);
            var log = new AuditLog(stream, torn);
            if (stream.Length == 0)
            {
                log._csv.WriteRecord([.. AuditColumns.All]);
                log.Flush();
            }

            return log;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Appends <paramref name="row"/> and returns once it is on disk (rows written meanwhile share the fsync).</summary>
    public void Append(AuditRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        long ticket;
        lock (_gate)
        {
            _csv.WriteRecord(Fields(row));
            _csv.Flush();
            _stream.Flush(flushToDisk: false);
            ticket = _commit.Written();
        }

        _commit.WaitDurable(ticket);
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

    /// <summary>Cuts a torn tail off and keeps it for forensics; returns the copy's path, or null when nothing was torn.</summary>
    private static string? Repair(FileStream stream, string path, TimeProvider time)
    {
        var bytes = new byte[stream.Length];
        stream.Position = 0;
        stream.ReadExactly(bytes);
        var complete = CsvRecords.CompleteLength(bytes);
        if (complete == bytes.Length)
        {
            if (complete > 0 && bytes[^1] == (byte)'\r')
            {
                // Cut between CR and LF: the record is whole, only its line break needs finishing.
                stream.Seek(0, SeekOrigin.End);
                stream.WriteByte((byte)'\n');
                stream.Flush(flushToDisk: true);
            }

            return null;
        }

        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var copy = $"{path}.torn-{stamp}";
        using (var torn = new FileStream(copy, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            torn.Write(bytes.AsSpan(complete));
            torn.Flush(flushToDisk: true);
        }

        stream.SetLength(complete);
        stream.Flush(flushToDisk: true);
        return copy;
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
