using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Win32.SafeHandles;
using Pipeline.Durability;
using Pipeline.Domain;

namespace Pipeline.Records;

/// <summary>
/// The write-ahead ledger (docs/architecture.md#3-write-ahead-ledger): one JSON object per line. <c>reserved</c> comes before a
/// submit is sent (its price, for the budget) and <c>submitted</c> right after the provider acknowledges it, each
/// flushed to disk (fsync) before the request or the first poll goes out. <c>settled</c> comes after the job's audit
/// row, which is already on disk; it is written but not forced, because losing it in a power cut changes nothing
/// a rerun does: the verified row keeps the job from being touched again, and its price still counts as spent. A job whose last entry is <c>submitted</c> is in flight: a rerun polls its URL again instead
/// of paying for a new render. A <c>reserved</c> never followed by anything may or may not have been accepted
/// (the process died mid-request), so its price keeps counting against the budget.
/// </summary>
/// <remarks>
/// JSON lines rather than SQLite: append-only, readable with <c>grep</c>, no native dependency, and a crash can only
/// tear the last line, which <see cref="Read"/> skips. Each entry is one <c>pwrite</c>; durable entries written at
/// about the same time share an fsync (<see cref="GroupCommit"/>), and none returns before its own is on disk.
/// </remarks>
internal sealed class Ledger : IDisposable
{
    private static readonly ReadOnlyMemory<byte> Newline = "\n"u8.ToArray();
    private readonly Lock _gate = new();
    private readonly SafeFileHandle _file;
    private readonly GroupCommit _commit;
    private long _length;

    private Ledger(SafeFileHandle file, long length)
    {
        _file = file;
        _length = length;
        _commit = new GroupCommit(file);
    }

    /// <summary>Opens the ledger for appending, creating it if needed.</summary>
    /// <exception cref="IOException">The file cannot be opened for writing.</exception>
    public static Ledger Open(string path)
    {
        var file = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            return new Ledger(file, EnsureEndsWithNewline(file));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Records, before a submit is sent, the price it may cost.</summary>
    /// <param name="provider">The provider the job renders on (tells pretend sandbox spend from real spend); null: not recorded.</param>
    public void Reserved(string jobId, decimal costUsd, DateTimeOffset at, string? provider = null) =>
        Append(new LedgerEntry(LedgerEntry.ReservedType, jobId, null, null, costUsd, null, null, at) { Provider = provider }, durable: true);

    /// <summary>Records an acknowledged submit durably.</summary>
    public void Submitted(string jobId, TaskHandle task, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(task);
        Append(new LedgerEntry(LedgerEntry.SubmittedType, jobId, task.RequestId, task.PollingUrl.AbsoluteUri, task.ReportedCostUsd, null, null, at)
        {
            ResultUrl = task.ResultUrl?.AbsoluteUri,
        }, durable: true);
    }

    /// <summary>Records that a job reached its outcome (its audit row is written) with what it was billed.</summary>
    public void Settled(string jobId, string? requestId, string status, decimal billedUsd, DateTimeOffset at) =>
        Append(new LedgerEntry(LedgerEntry.SettledType, jobId, requestId, null, null, status, billedUsd, at), durable: false);

    public void Dispose()
    {
        lock (_gate)
        {
            _file.Dispose();
        }
    }

    /// <summary>Every complete entry; a torn final line (a crash mid-write) is skipped.</summary>
    public static IReadOnlyList<LedgerEntry> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var entries = new List<LedgerEntry>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize(line, LedgerJson.Default.LedgerEntry) is { JobId.Length: > 0 } entry)
                {
                    entries.Add(entry);
                }
            }
            catch (JsonException)
            {
                // Only the last line can be torn by a crash; anything unreadable is not an acknowledgement we can use.
            }
        }

        return entries;
    }

    /// <summary>
    /// The state the ledger implies: each job's last <c>submitted</c> (if not settled since), what settled jobs
    /// were billed, and the price of every reservation whose submit has no known outcome.
    /// </summary>
    public static LedgerState Replay(IReadOnlyList<LedgerEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var inFlight = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
        var reserved = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var billed = 0m;
        var unknown = 0m;
        foreach (var entry in entries)
        {
            switch (entry.Type)
            {
                case LedgerEntry.ReservedType:
                    // A second reservation means the first submit's fate was never learned: it stays spent.
                    if (reserved.Remove(entry.JobId, out var earlier))
                    {
                        unknown += earlier;
                    }

                    reserved[entry.JobId] = entry.CostUsd ?? 0m;
                    break;
                case LedgerEntry.SubmittedType:
                    reserved.Remove(entry.JobId);
                    inFlight[entry.JobId] = entry;
                    break;
                case LedgerEntry.SettledType:
                    reserved.Remove(entry.JobId);
                    inFlight.Remove(entry.JobId);
                    billed += entry.BilledUsd ?? 0m;
                    break;
            }
        }

        return new LedgerState(inFlight, billed, unknown + reserved.Values.Sum());
    }

    /// <param name="durable">Flush to disk (fsync) before returning; otherwise the entry is handed to the OS only.</param>
    private void Append(LedgerEntry entry, bool durable)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(entry, ReadableJson.Ledger);
        long ticket;
        lock (_gate)
        {
            RandomAccess.Write(_file, [json, Newline], _length); // One pwritev: the line is never split between calls.
            _length += json.Length + 1;
            ticket = _commit.Written();
        }

        if (durable)
        {
            _commit.WaitDurable(ticket);
        }
    }

    /// <summary>Returns the length to append at, after ending a torn last line so the next entry starts on its own.</summary>
    private static long EnsureEndsWithNewline(SafeFileHandle file)
    {
        var length = RandomAccess.GetLength(file);
        Span<byte> last = stackalloc byte[1];
        if (length == 0 || (RandomAccess.Read(file, last, length - 1) == 1 && last[0] == (byte)'\n'))
        {
            return length;
        }

        RandomAccess.Write(file, "\n"u8, length);
        RandomAccess.FlushToDisk(file);
        return length + 1;
    }
}

/// <summary>One ledger line.</summary>
public sealed record LedgerEntry(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("job")] string JobId,
    [property: JsonPropertyName("request_id")] string? RequestId,
    [property: JsonPropertyName("polling_url")] string? PollingUrl,
    [property: JsonPropertyName("cost_usd")] decimal? CostUsd,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("billed_usd")] decimal? BilledUsd,
    [property: JsonPropertyName("at")] DateTimeOffset At)
{
    public const string ReservedType = "reserved";
    public const string SubmittedType = "submitted";
    public const string SettledType = "settled";

    /// <summary>Where the result is fetched, when the protocol returns it apart from the polling URL (fal <c>response_url</c>).</summary>
    [JsonPropertyName("result_url")]
    public string? ResultUrl { get; init; }

    /// <summary>The provider of a <c>reserved</c> entry (written since issue 14; absent in older ledgers).</summary>
    [JsonPropertyName("provider")]
    public string? Provider { get; init; }

    /// <summary>The acknowledged task of a <c>submitted</c> entry.</summary>
    public TaskHandle ToTask() => new(RequestId ?? string.Empty, new Uri(PollingUrl!), CostUsd, ResultUrl is null ? null : new Uri(ResultUrl));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Type} {JobId} {RequestId}");
}

/// <summary>What a replayed ledger says: tasks still in flight, what settled jobs were billed, and reservations of unknown fate.</summary>
public sealed record LedgerState(IReadOnlyDictionary<string, LedgerEntry> InFlight, decimal BilledUsd, decimal UnknownUsd = 0m)
{
    /// <summary>
    /// The tasks of <see cref="InFlight"/> whose outcome no audit row records: the ones a rerun re-attaches to
    /// (docs/architecture.md#46-re-rendering-chosen-jobs-only-and-force). A crash between a job's audit row and its
    /// <c>settled</c> line leaves a finished task looking in flight; re-attaching to it would file that old result
    /// again as a new render. A row finishes a task when it carries the task's request id (for a task without one: when
    /// it completed after the submit) and is not <c>cancelled</c>, the row a run writes for a task it leaves in flight.
    /// </summary>
    public IReadOnlyDictionary<string, LedgerEntry> Open(IEnumerable<AuditRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var outcomes = rows
            .Where(r => r.Status != JobStatus.Cancelled && InFlight.ContainsKey(r.JobId))
            .ToLookup(r => r.JobId, StringComparer.Ordinal);
        return InFlight
            .Where(p => !outcomes[p.Key].Any(r => Finishes(r, p.Value)))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    private static bool Finishes(AuditRow row, LedgerEntry task) =>
        string.IsNullOrEmpty(task.RequestId)
            ? row.CompletedAt is { } completed && completed >= task.At
            : string.Equals(row.RequestId, task.RequestId, StringComparison.Ordinal);
}
