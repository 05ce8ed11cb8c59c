using System.Globalization;

namespace Pipeline.Execution;

/// <summary>Tuning of the executor. Defaults suit the hosted providers; tests and the sandbox shorten the times.</summary>
public sealed class ExecutorOptions
{
    /// <summary>Jobs in flight at once (submit to terminal status). Default 4.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>Submits per minute; null for none. Default null.</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Submit attempts per job for failures the provider certainly did not accept. Default 4.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>First guess of submit-to-result time before any job finished. Default 8 s (FLUX Ultra's usual latency).</summary>
    public TimeSpan InitialServiceTime { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// Shortest wait between polls of one task. 5% of the expected service time applies when larger, except for the
    /// poll at the finish a task's advancing progress implies. Default 10 ms.
    /// </summary>
    public TimeSpan MinPollInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Longest wait between polls of one task. Default 10 s.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Base delay of the submit retry backoff (exponential, jittered). Default 1 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Ceiling of one retry wait, server <c>Retry-After</c> included. Default 60 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Give up on a task this long after its submit was acknowledged. Default 15 min.</summary>
    public TimeSpan JobDeadline { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Longest time a task may wait in the provider's queue (fal <c>IN_QUEUE</c>, Replicate <c>starting</c>) before the
    /// job fails. Queue time does not count against <see cref="JobDeadline"/>: fal queues over-limit requests instead of
    /// refusing them, so a long queue is the provider working as documented, not a stuck task. Default 60 min.
    /// </summary>
    public TimeSpan QueueDeadline { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>Consecutive failed polls before a job fails. Default 8.</summary>
    public int MaxPollFailures { get; set; } = 8;

    /// <summary>Download attempts per result (a truncated body is fetched again). Default 3.</summary>
    public int DownloadAttempts { get; set; } = 3;

    /// <summary>
    /// Results held in memory at once, between download and the write into the campaign folder; more wait for a
    /// buffer. Each holds at most 64 MB, a 4 MP PNG about 12 MB. Default 8.
    /// </summary>
    public int BufferedResults { get; set; } = 8;

    /// <summary>Every problem with these options, empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Check(errors, Concurrency is >= 1 and <= 256, $"Concurrency must be 1–256, found {Concurrency}.");
        Check(errors, RequestsPerMinute is null or >= 1, $"RequestsPerMinute must be at least 1, found {RequestsPerMinute}.");
        Check(errors, MaxAttempts is >= 1 and <= 20, $"MaxAttempts must be 1–20, found {MaxAttempts}.");
        Check(errors, MinPollInterval > TimeSpan.Zero && MinPollInterval <= MaxPollInterval, $"MinPollInterval must be positive and at most MaxPollInterval.");
        Check(errors, InitialServiceTime > TimeSpan.Zero, $"InitialServiceTime must be positive.");
        Check(errors, JobDeadline > TimeSpan.Zero, $"JobDeadline must be positive.");
        Check(errors, QueueDeadline > TimeSpan.Zero, $"QueueDeadline must be positive.");
        Check(errors, MaxPollFailures >= 1, $"MaxPollFailures must be at least 1.");
        Check(errors, DownloadAttempts >= 1, $"DownloadAttempts must be at least 1.");
        Check(errors, BufferedResults is >= 1 and <= 64, $"BufferedResults must be 1–64, found {BufferedResults}.");
        return errors;
    }

    /// <summary>Throws if <see cref="Validate"/> finds anything.</summary>
    /// <exception cref="ArgumentException">Lists every problem.</exception>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }
    }

    private static void Check(List<string> errors, bool ok, FormattableString message)
    {
        if (!ok)
        {
            errors.Add(message.ToString(CultureInfo.InvariantCulture));
        }
    }
}
