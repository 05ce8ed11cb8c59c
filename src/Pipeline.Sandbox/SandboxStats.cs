using System.Collections.Concurrent;
using System.Text.Json;
using Pipeline.Sandbox.Protocol;

namespace Pipeline.Sandbox;

/// <summary>
/// What the sandbox saw and answered, for assertions in integration tests. All members are thread-safe;
/// each read is a point-in-time value.
/// </summary>
public sealed class SandboxStats(TimeProvider time)
{
    private readonly ConcurrentQueue<DateTimeOffset> _submitTimes = new();
    private readonly ConcurrentDictionary<string, int> _acceptedByFingerprint = new(StringComparer.Ordinal);
    private long _submitsReceived;
    private long _submissionsAccepted;
    private long _unauthorized;
    private long _paymentRequired;
    private long _notFound;
    private long _validationFailures;
    private long _throttled;
    private long _serverErrors;
    private long _droppedConnections;
    private long _polls;
    private long _downloads;
    private long _truncatedDownloads;
    private long _faultyDownloads;
    private long _expiredDownloads;
    private long _peakActiveTasks;
    private long _creditsCharged;
    private long _queuedOnArrival;

    /// <summary>Every submit (BFL or CometAPI POST, fal queue POST, Replicate create, OpenAI generation), whatever its answer.</summary>
    public long SubmitsReceived => Interlocked.Read(ref _submitsReceived);

    /// <summary>When each submit arrived, on the sandbox's clock, in arrival order: for pacing checks (<c>requests_per_minute</c>).</summary>
    public IReadOnlyList<DateTimeOffset> SubmitTimes => [.. _submitTimes];

    /// <summary>Submits answered 200 (a task was created).</summary>
    public long SubmissionsAccepted => Interlocked.Read(ref _submissionsAccepted);

    /// <summary>401 answers (missing, empty or wrong <c>x-key</c>), on submit or poll.</summary>
    public long Unauthorized => Interlocked.Read(ref _unauthorized);

    /// <summary>402 answers (credits exhausted).</summary>
    public long PaymentRequired => Interlocked.Read(ref _paymentRequired);

    /// <summary>404 answers for unknown paths or model names.</summary>
    public long NotFound => Interlocked.Read(ref _notFound);

    /// <summary>422 answers (body or query validation).</summary>
    public long ValidationFailures => Interlocked.Read(ref _validationFailures);

    /// <summary>429 answers (active-task cap reached).</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>Injected 5xx answers: 503 on submit, 500 on poll.</summary>
    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    /// <summary>Submits whose connection was aborted without an answer.</summary>
    public long DroppedConnections => Interlocked.Read(ref _droppedConnections);

    /// <summary>Status requests (<c>get_result</c>, fal status and result, Replicate prediction GET), whatever their answer.</summary>
    public long Polls => Interlocked.Read(ref _polls);

    /// <summary>Sample downloads started with 200, including truncated ones.</summary>
    public long Downloads => Interlocked.Read(ref _downloads);

    /// <summary>Downloads cut short by <see cref="SandboxOptions.TruncateFirstDownload"/>.</summary>
    public long TruncatedDownloads => Interlocked.Read(ref _truncatedDownloads);

    /// <summary>Images served, by URL or inline, as the bad file a download fault asked for (damaged, blank, HTML, empty).</summary>
    public long FaultyDownloads => Interlocked.Read(ref _faultyDownloads);

    /// <summary>Downloads refused with 403 because the sample URL had expired.</summary>
    public long ExpiredDownloads => Interlocked.Read(ref _expiredDownloads);

    /// <summary>The most tasks active at once, counted at each accepted submit.</summary>
    public long PeakActiveTasks => Interlocked.Read(ref _peakActiveTasks);

    /// <summary>Credits of tasks that end Ready. Moderated, Error and Failed tasks are not charged.</summary>
    public long CreditsCharged => Interlocked.Read(ref _creditsCharged);

    /// <summary>Submits accepted into a queue because every slot was busy (fal, Replicate), instead of a 429.</summary>
    public long QueuedOnArrival => Interlocked.Read(ref _queuedOnArrival);

    /// <summary>Accepted submissions per request fingerprint (see <see cref="FingerprintOf"/>), as a snapshot.</summary>
    public IReadOnlyDictionary<string, int> AcceptedByFingerprint => new Dictionary<string, int>(_acceptedByFingerprint, StringComparer.Ordinal);

    /// <summary>How many submissions with this fingerprint were accepted; 0 when none.</summary>
    public int AcceptedSubmissionsFor(string fingerprint) => _acceptedByFingerprint.GetValueOrDefault(fingerprint);

    /// <summary>
    /// The fingerprint the sandbox records for a submit: lower-case hex SHA-256 of <c>"{model}\n{canonical JSON}"</c>,
    /// the JSON without whitespace and with object properties sorted by ordinal name.
    /// </summary>
    /// <param name="model">The path segment after <c>/v1/</c>, e.g. <c>flux-pro-1.1-ultra-finetuned</c>.</param>
    /// <param name="requestJson">The request body.</param>
    /// <exception cref="JsonException">The body is not valid JSON.</exception>
    public static string FingerprintOf(string model, string requestJson)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var document = JsonDocument.Parse(requestJson);
        return RequestFingerprint.Compute(model, document.RootElement);
    }

    internal void SubmitReceived()
    {
        Interlocked.Increment(ref _submitsReceived);
        _submitTimes.Enqueue(time.GetUtcNow());
    }

    internal void Accepted(string fingerprint, int activeTasks)
    {
        Interlocked.Increment(ref _submissionsAccepted);
        _acceptedByFingerprint.AddOrUpdate(fingerprint, 1, (_, count) => count + 1);
        long peak;
        while (activeTasks > (peak = Interlocked.Read(ref _peakActiveTasks)))
        {
            if (Interlocked.CompareExchange(ref _peakActiveTasks, activeTasks, peak) == peak)
            {
                break;
            }
        }
    }

    internal void Queued() => Interlocked.Increment(ref _queuedOnArrival);

    internal void Charged(int credits) => Interlocked.Add(ref _creditsCharged, credits);

    internal void Answered(int statusCode)
    {
        switch (statusCode)
        {
            case 401: Interlocked.Increment(ref _unauthorized); break;
            case 402: Interlocked.Increment(ref _paymentRequired); break;
            case 404: Interlocked.Increment(ref _notFound); break;
            case 422: Interlocked.Increment(ref _validationFailures); break;
            case 429: Interlocked.Increment(ref _throttled); break;
            case >= 500: Interlocked.Increment(ref _serverErrors); break;
            default: break;
        }
    }

    internal void ConnectionDropped() => Interlocked.Increment(ref _droppedConnections);

    internal void Polled() => Interlocked.Increment(ref _polls);

    internal void Downloaded(bool truncated)
    {
        Interlocked.Increment(ref _downloads);
        if (truncated)
        {
            Interlocked.Increment(ref _truncatedDownloads);
        }
    }

    internal void ServedFault() => Interlocked.Increment(ref _faultyDownloads);

    internal void DownloadExpired() => Interlocked.Increment(ref _expiredDownloads);
}
