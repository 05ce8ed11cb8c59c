using System.Diagnostics;
using System.Globalization;
using CsvHelper;
using Pipeline.Audit;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Execution;

/// <summary>
/// Progress of a campaign from its folder alone (every shard's ledger, audit log and run record merged), read
/// safely while other processes write them: files are opened with <see cref="FileShare.ReadWrite"/> and a torn
/// last line is ignored.
/// </summary>
/// <param name="Planned">Jobs in the plan (from the latest run record); null when no run recorded it.</param>
/// <param name="Verified">Jobs with a verified file.</param>
/// <param name="InFlight">Jobs submitted and not settled: rendering now, or awaiting re-attachment by a rerun.</param>
/// <param name="Failed">Jobs whose latest outcome is a failure (failed, moderated, flagged, unverifiable).</param>
/// <param name="SpentUsd">Billed so far, from the ledgers, by providers of the current plan's kind (real or sandbox, see <see cref="SpendScope"/>).</param>
/// <param name="InFlightUsd">Cost reported for the tasks in flight (counted against the budget, not yet settled).</param>
/// <param name="JobsPerMinute">Throughput of the running shards so far; null when none runs or none finished a job yet.</param>
/// <param name="Eta">Time left for the running shards at that throughput.</param>
public sealed record CampaignStatus(
    string Campaign,
    string Root,
    int? Planned,
    int Verified,
    int InFlight,
    int Failed,
    decimal SpentUsd,
    decimal InFlightUsd,
    IReadOnlyList<ShardRun> Runs,
    double? JobsPerMinute,
    TimeSpan? Eta)
{
    /// <summary>Jobs whose latest outcome is <c>skipped_budget</c>: not rendered, not failed; a rerun with room renders them.</summary>
    public int Skipped { get; init; }

    /// <summary>The provider of the current plan (from <c>campaign.lock.json</c>); null when no run wrote one.</summary>
    public string? Provider { get; init; }

    /// <summary>Renditions kept (latest row succeeded) and failed, per image and name, from <c>renditions.csv</c>.</summary>
    public (int Kept, int Failed) Renditions { get; init; }

    /// <summary>Jobs with no outcome yet and not in flight; null when <see cref="Planned"/> is unknown.</summary>
    public int? NotStarted => Planned is { } planned ? Math.Max(0, planned - Verified - InFlight - Failed - Skipped) : null;

    /// <summary>Reads the campaign folder at <paramref name="root"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">There is no such folder.</exception>
    public static CampaignStatus Read(string root, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var folder = new CampaignFolder(root);
        if (!Directory.Exists(folder.Root))
        {
            throw new DirectoryNotFoundException($"campaign folder '{root}' not found.");
        }

        // Counts are of the current plan (campaign.lock.json, written by every run): jobs of an earlier manifest or of
        // another provider in the same folder are history, not progress (issue 14, item 3).
        var plan = StatusPlan.Read(folder);
        var rows = folder.AllAuditPaths().SelectMany(ReadRows).Where(r => plan.Contains(r.JobId)).ToList();
        var verified = rows
            .Where(r => r.Status == JobStatus.Succeeded && r.File is not null && File.Exists(Path.Combine(folder.Root, r.File)))
            .Select(r => r.JobId)
            .ToHashSet(StringComparer.Ordinal);
        var entries = folder.AllLedgerPaths().SelectMany(Ledger.Read).ToList();
        var ledger = Ledger.Replay(entries.Where(plan.SpendCounts(entries)).OrderBy(e => e.At).ToList());
        var inFlight = ledger.InFlight.Values.Where(e => !verified.Contains(e.JobId) && plan.Contains(e.JobId)).ToList();
        var inFlightIds = inFlight.Select(e => e.JobId).ToHashSet(StringComparer.Ordinal);
        var latest = rows
            .GroupBy(r => r.JobId, StringComparer.Ordinal)
            .Where(g => !verified.Contains(g.Key) && !inFlightIds.Contains(g.Key))
            .Select(g => g.Last().Status)
            .ToList();
        var failed = latest.Count(s => s is not (JobStatus.Cancelled or JobStatus.Succeeded or JobStatus.SkippedBudget));
        var skipped = latest.Count(s => s == JobStatus.SkippedBudget);

        var now = time.GetUtcNow();
        var runs = folder.AllRunRecordPaths()
            .Select(RunRecord.Read)
            .OfType<RunRecord>()
            .Select(r => new ShardRun(r, rows.Count(row => row.RunId == r.RunId), StateOf(r)))
            .ToList();
        var running = runs.Where(r => r.State == ShardRunState.Running).ToList();
        double? perMinute = null;
        TimeSpan? eta = null;
        var finished = running.Sum(r => r.Finished);
        var elapsed = running.Count == 0 ? TimeSpan.Zero : now - running.Min(r => r.Record.StartedAt);
        if (finished > 0 && elapsed > TimeSpan.Zero)
        {
            perMinute = finished / elapsed.TotalMinutes;
            eta = TimeSpan.FromMinutes(running.Sum(r => Math.Max(0, r.Record.Pending - r.Finished)) / perMinute.Value);
        }

        return new CampaignStatus(
            Path.GetFileName(folder.Root),
            folder.Root,
            plan.Planned ?? (runs.Count == 0 ? null : runs.MaxBy(r => r.Record.StartedAt)!.Record.Planned),
            verified.Count,
            inFlight.Count,
            failed,
            ledger.BilledUsd,
            inFlight.Sum(e => e.CostUsd ?? 0m),
            runs,
            perMinute,
            eta)
        {
            Skipped = skipped,
            Provider = plan.Provider,
            Renditions = RenditionCounts(folder),
        };
    }

    /// <summary>Auxiliary: a <c>renditions.csv</c> being written or unreadable counts what can be read, never fails the status.</summary>
    private static (int Kept, int Failed) RenditionCounts(CampaignFolder folder)
    {
        try
        {
            var latest = RenditionLog.Read(folder.RenditionsLogPath).GroupBy(r => (r.JobId, r.Rendition)).Select(g => g.Last()).ToList();
            return (latest.Count(r => r.Status == RenditionRow.Succeeded), latest.Count(r => r.Status != RenditionRow.Succeeded));
        }
        catch (Exception ex) when (ex is FormatException or IOException)
        {
            return (0, 0);
        }
    }

    private static ShardRunState StateOf(RunRecord record) => record.Outcome switch
    {
        null when record.Host == Environment.MachineName && !IsAlive(record.ProcessId) => ShardRunState.Died,
        null => ShardRunState.Running,
        RunRecord.CompletedOutcome => ShardRunState.Completed,
        RunRecord.InterruptedOutcome => ShardRunState.Interrupted,
        RunRecord.StoppedOutcome => ShardRunState.Stopped,
        _ => ShardRunState.Failed,
    };

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The complete rows of one audit log; a row still being written (after the last newline) is left out.</summary>
    private static List<StatusRow> ReadRows(string path)
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }
        catch (FileNotFoundException)
        {
            return [];
        }

        var complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        var rows = new List<StatusRow>();
        using var csv = CsvReader.Create(new MemoryStream(bytes, 0, complete), new CsvReaderOptions { HasHeader = true, FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: false);
        try
        {
            while (csv.Read())
            {
                if (StatusOf(csv.GetString("status")) is { } status)
                {
                    rows.Add(new StatusRow(csv.GetString("run_id"), csv.GetString("job_id"), status, csv.GetString("file") is { Length: > 0 } file ? file : null));
                }
            }
        }
        catch (Exception ex) when (ex is CsvFormatException or IndexOutOfRangeException or ArgumentException)
        {
            // A row cut inside a quoted field (a prompt with a line break) is the one being written: stop there.
        }

        return rows;
    }

    private static JobStatus? StatusOf(string wire)
    {
        try
        {
            return JobStatusNames.Parse(wire);
        }
        catch (FormatException)
        {
            return null; // A status from a newer version: not counted, not fatal.
        }
    }

    private sealed record StatusRow(string RunId, string JobId, JobStatus Status, string? File);
}

/// <summary>The state of a shard's latest run.</summary>
public enum ShardRunState
{
    Running,
    Completed,
    Interrupted,
    Stopped,
    Failed,

    /// <summary>The run never recorded its end and its process (on this machine) is gone: killed. A rerun resumes.</summary>
    Died,
}

/// <summary>A shard's latest run and how many of its jobs have an outcome so far.</summary>
public sealed record ShardRun(RunRecord Record, int Finished, ShardRunState State);
