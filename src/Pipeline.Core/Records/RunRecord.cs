using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.Domain;

namespace Pipeline.Records;

/// <summary>
/// What the latest run of a campaign (shard) is doing: <c>run.json</c> (<c>run.shard-i-of-n.json</c>), written
/// atomically when a run starts and again when it ends. <c>status</c> reads it for the plan size and the run's
/// start; <c>serve</c> resumes a campaign whose latest run never ended or was interrupted.
/// </summary>
/// <param name="Planned">Jobs in the whole plan.</param>
/// <param name="ShardJobs">Jobs of this shard (the whole plan for an unsharded run).</param>
/// <param name="Pending">Jobs this run set out to render (the shard's jobs without a verified output).</param>
/// <param name="Outcome">Null while running (or when the process died); then one of the <c>*Outcome</c> constants.</param>
public sealed record RunRecord(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("shard")] string Shard,
    [property: JsonPropertyName("planned")] int Planned,
    [property: JsonPropertyName("shard_jobs")] int ShardJobs,
    [property: JsonPropertyName("pending")] int Pending,
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("pid")] int ProcessId,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("finished_at")] DateTimeOffset? FinishedAt = null,
    [property: JsonPropertyName("outcome")] string? Outcome = null)
{
    /// <summary>Every pending job got an outcome (whatever its status).</summary>
    public const string CompletedOutcome = "completed";

    /// <summary>Stopped by Ctrl+C or SIGTERM: some jobs were not started or are still in flight at the provider.</summary>
    public const string InterruptedOutcome = "interrupted";

    /// <summary>A fatal provider answer (bad key, no credits) stopped submitting.</summary>
    public const string StoppedOutcome = "stopped";

    /// <summary>An infrastructure error (disk full, ledger unwritable) ended the run.</summary>
    public const string FailedOutcome = "failed";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Encoder = ReadableJson.Encoder };

    /// <summary>Work was left: the run was interrupted, failed, or never recorded its end (killed, or still running).</summary>
    [JsonIgnore]
    public bool LeftWork => Outcome is null or InterruptedOutcome or FailedOutcome;

    /// <summary>The record of a run that ended <paramref name="at"/>: interrupted, stopped early (budget, breaker) or completed.</summary>
    public RunRecord Ended(bool interrupted, bool stopped, DateTimeOffset at) =>
        this with { FinishedAt = at, Outcome = interrupted ? InterruptedOutcome : stopped ? StoppedOutcome : CompletedOutcome };

    /// <summary>Replaces the record at <paramref name="path"/> atomically (a reader sees the old or the new one).</summary>
    public void Write(string path)
    {
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(this, Json));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The record at <paramref name="path"/>, or null when there is none or it cannot be read.</summary>
    public static RunRecord? Read(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return JsonSerializer.Deserialize<RunRecord>(stream, Json);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
