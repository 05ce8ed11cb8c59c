using System.Globalization;
using CsvHelper;
using Microsoft.Win32.SafeHandles;
using Pipeline.Durability;

namespace Pipeline.Records;

/// <summary>
/// How every CSV log of a campaign folder is appended to (<c>audit.csv</c>, <c>renditions.csv</c>, <c>review.csv</c>;
/// docs/architecture.md#49-one-append-discipline-for-every-csv-log): RFC 4180 via CsvHelper, header written once; each
/// row formatted whole in memory, then written with one write at the end of the file while this process holds the
/// folder's <see cref="AppendLock"/>, so rows of several threads or processes (the shards of a run) never overlap or
/// interleave. Thread-safe. A durable log returns from <see cref="Append"/> once the row is on disk (group commit:
/// rows appended together share an fsync); any other once the OS has it.
/// </summary>
/// <remarks>
/// A crash can tear only the last row. Before a process appends, under the lock, it checks the rows other processes
/// added since its own last one; a torn tail (no writer is half-way through a row while the lock is held) is cut off
/// and its bytes kept beside the log in <c>&lt;log&gt;.torn-&lt;UTC time&gt;</c>; a file cut between the CR and LF of its
/// last row gets its LF. Nothing complete is lost. Readers ignore a torn tail (<see cref="CsvRecords.CompleteLength"/>).
/// </remarks>
internal sealed class AppendOnlyCsv : IDisposable
{
    private static readonly CsvWriterOptions WriterOptions = new() { FormatProvider = CultureInfo.InvariantCulture, ValidateFieldCount = false };

    private readonly Lock _gate = new();
    private readonly SafeFileHandle _file;
    private readonly AppendLock _lock;
    private readonly GroupCommit? _commit;
    private readonly TimeProvider _time;
    private readonly MemoryStream _buffer = new();
    private readonly CsvWriter _csv;

    /// <summary>Where this process knows the file holds whole rows up to: its own last append, or what it last checked.</summary>
    private long _end;

    private AppendOnlyCsv(string path, SafeFileHandle file, AppendLock appendLock, bool durable, TimeProvider time)
    {
        Path = path;
        _file = file;
        _lock = appendLock;
        _commit = durable ? new GroupCommit(file) : null;
        _time = time;
        _csv = CsvWriter.Create(_buffer, WriterOptions, leaveOpen: true);
    }

    public string Path { get; }

    /// <summary>Where the latest torn tail this process cut off was kept; null when it found none.</summary>
    public string? TornCopyPath { get; private set; }

    /// <summary>
    /// Opens (or creates) the log at <paramref name="path"/> for appending: a torn tail is cut off first and the header
    /// is written if the file is empty, both under the folder's lock, so concurrent openers write one header.
    /// </summary>
    /// <param name="durable">Every <see cref="Append"/> returns once its row is on disk (fsync), not only handed to the OS.</param>
    /// <exception cref="IOException">The file cannot be opened, repaired or written.</exception>
    public static AppendOnlyCsv Open(string path, IReadOnlyList<string> header, bool durable, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(time);
        var full = System.IO.Path.GetFullPath(path);
        var file = File.OpenHandle(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        AppendLock? appendLock = null;
        try
        {
            appendLock = AppendLock.For(System.IO.Path.GetDirectoryName(full)!);
            var log = new AppendOnlyCsv(full, file, appendLock, durable, time);
            lock (log._gate)
            {
                using (appendLock.Hold())
                {
                    log.MendTail();
                    if (log._end == 0)
                    {
                        log.WriteAtEnd(log.Format(header));
                    }
                }

                RandomAccess.FlushToDisk(file);
            }

            return log;
        }
        catch
        {
            appendLock?.Dispose();
            file.Dispose();
            throw;
        }
    }

    /// <summary>Appends one row; returns once it is on disk (durable) or handed to the OS.</summary>
    /// <exception cref="IOException">The file cannot be written, or an earlier fsync of it failed.</exception>
    public void Append(IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        long ticket = 0;
        lock (_gate)
        {
            var row = Format(fields);
            using (_lock.Hold())
            {
                MendTail();
                WriteAtEnd(row);
            }

            if (_commit is not null)
            {
                ticket = _commit.Written();
            }
        }

        _commit?.WaitDurable(ticket);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _csv.Dispose();
            _buffer.Dispose();
            _lock.Dispose();
            _file.Dispose();
        }
    }

    private ReadOnlyMemory<byte> Format(IReadOnlyList<string> fields)
    {
        _buffer.SetLength(0);
        _csv.WriteRecord([.. fields]);
        _csv.Flush();
        return _buffer.GetBuffer().AsMemory(0, (int)_buffer.Length);
    }

    private void WriteAtEnd(ReadOnlyMemory<byte> bytes)
    {
        RandomAccess.Write(_file, bytes.Span, _end);
        _end += bytes.Length;
    }

    /// <summary>
    /// Under the lock: reads what other processes appended since <see cref="_end"/> and moves <see cref="_end"/> past it,
    /// cutting a torn tail off (kept for forensics) and finishing a line break cut between CR and LF.
    /// </summary>
    private void MendTail()
    {
        var length = RandomAccess.GetLength(_file);
        if (length < _end)
        {
            _end = 0; // Cut behind our back (by hand): look at the whole file again.
        }

        if (length == _end)
        {
            return;
        }

        var added = new byte[length - _end];
        var read = 0;
        while (read < added.Length)
        {
            var n = RandomAccess.Read(_file, added.AsSpan(read), _end + read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        var complete = CsvRecords.CompleteLength(added.AsSpan(0, read));
        if (complete < read)
        {
            KeepTorn(added.AsSpan(complete, read - complete));
            RandomAccess.SetLength(_file, _end + complete);
            RandomAccess.FlushToDisk(_file);
            _end += complete;
            return;
        }

        _end += read;
        if (read > 0 && added[read - 1] == (byte)'\r')
        {
            WriteAtEnd("\n"u8.ToArray());
        }
    }

    private void KeepTorn(ReadOnlySpan<byte> torn)
    {
        var stamp = _time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var copy = $"{Path}.torn-{stamp}";
        using (var stream = new FileStream(copy, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Write(torn);
            stream.Flush(flushToDisk: true);
        }

        TornCopyPath = copy;
    }
}
