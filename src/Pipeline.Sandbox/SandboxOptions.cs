namespace Pipeline.Sandbox;

/// <summary>
/// Settings of an offline provider look-alike (BFL, CometAPI, fal, Replicate, OpenAI-compatible). Every default mirrors
/// BFL's documented behaviour (docs/providers.md#bfl) with no faults injected; the same faults apply to every protocol.
/// The download-fault rates (<see cref="CorruptScanRate"/> to <see cref="EmptyBodyRate"/>) are exclusive shares of
/// results, drawn per image from the seed and the image itself, so an affected image is bad on every download, by URL
/// or inline; a scan fault spares PNG results and a damaged-PNG fault spares JPEG ones. The server copies the options when it starts; later changes have no effect.
/// </summary>
public sealed class SandboxOptions
{
    /// <summary>TCP port on 127.0.0.1.</summary>
    /// <value>Default 0: an ephemeral port, see <see cref="SandboxServer.BaseAddress"/>.</value>
    public int Port { get; set; }

    /// <summary>The only accepted <c>x-key</c>.</summary>
    /// <value>Default null: any non-empty key is accepted.</value>
    public string? RequiredKey { get; set; }

    /// <summary>
    /// A file to which every BFL submit, BFL poll and download is appended as one JSON line with the time it arrived
    /// (<see cref="RequestLog"/>), so clients are timed by the server's clock.
    /// </summary>
    /// <value>Default null: no log.</value>
    public string? RequestLogPath { get; set; }

    /// <summary>Time from submit until a task is terminal (Ready, moderated or failed).</summary>
    /// <value>Default 300 ms.</value>
    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Extra latency per task, uniform in [0, jitter], drawn from <see cref="RandomSeed"/>.</summary>
    /// <value>Default zero.</value>
    public TimeSpan LatencyJitter { get; set; } = TimeSpan.Zero;

    /// <summary>Active (submitted, not yet terminal) tasks allowed before a submit gets 429.</summary>
    /// <value>Default 24, BFL's limit for standard models (docs/providers.md#bfl-errors-and-limits).</value>
    public int ActiveTaskCap { get; set; } = 24;

    /// <summary>Value of the <c>Retry-After</c> header on 429.</summary>
    /// <value>Default null: no header, like BFL's documented 429.</value>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>Credit balance; a submit costing more than what is left gets 402.</summary>
    /// <value>Default null: unlimited.</value>
    public int? Credits { get; set; }

    /// <summary>How long a <c>result.sample</c> URL works after it is issued; later downloads get 403.</summary>
    /// <value>Default 10 minutes (docs/providers.md#bfl-result-urls).</value>
    public TimeSpan SampleUrlLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Share of tasks moderated (request or content), decided from <see cref="RandomSeed"/> and the request.</summary>
    /// <value>Default 0.</value>
    public double ModerationRate { get; set; }

    /// <summary>Share of submits answered 503 <c>Service overloaded</c>; no task is created.</summary>
    /// <value>Default 0.</value>
    public double SubmitFailureRate { get; set; }

    /// <summary>Share of polls answered 500.</summary>
    /// <value>Default 0.</value>
    public double PollFailureRate { get; set; }

    /// <summary>Share of submits whose connection is aborted before any response; no task is created.</summary>
    /// <value>Default 0.</value>
    public double DropConnectionRate { get; set; }

    /// <summary>When true, each task's first download sends half the bytes under the full Content-Length, then aborts.</summary>
    /// <value>Default false.</value>
    public bool TruncateFirstDownload { get; set; }

    /// <summary>Share of JPEG results served with a few entropy-coded bytes flipped mid-scan (markers and EOI intact).</summary>
    /// <value>Default 0. Prompt marker: <c>[sandbox:corrupt-scan]</c>.</value>
    public double CorruptScanRate { get; set; }

    /// <summary>Share of JPEG results served cut half-way through the scan, with EOI appended.</summary>
    /// <value>Default 0. Prompt marker: <c>[sandbox:truncated-scan]</c>.</value>
    public double TruncatedScanRate { get; set; }

    /// <summary>Share of JPEG results served with full-size headers but a scan of a few hundred junk bytes, then EOI.</summary>
    /// <value>Default 0. Prompt marker: <c>[sandbox:junk-scan]</c>.</value>
    public double JunkScanRate { get; set; }

    /// <summary>Share of PNG results served with a damaged deflate stream (IDAT) under recomputed, valid chunk CRCs.</summary>
    /// <value>Default 0. Prompt marker: <c>[sandbox:damaged-png]</c>.</value>
    public double DamagedPngRate { get; set; }

    /// <summary>Share of results served as an all-black image of the right size and format.</summary>
    /// <value>Default 0. Prompt marker: <c>[sandbox:black-image]</c>.</value>
    public double BlackImageRate { get; set; }

    /// <summary>Share of results served as an all-white image of the right size and format.</summary>
    /// <value>Default 0. Prompt marker: <c>[sandbox:white-image]</c>.</value>
    public double WhiteImageRate { get; set; }

    /// <summary>Share of results served valid but followed by 4096 zero bytes after EOI or IEND.</summary>
    /// <value>Default 0. Prompt marker: <c>[sandbox:trailing-bytes]</c>.</value>
    public double TrailingBytesRate { get; set; }

    /// <summary>Share of results served as an HTML error page, with status 200 and the image's content type.</summary>
    /// <value>Default 0. Prompt marker: <c>[sandbox:html-body]</c>.</value>
    public double HtmlBodyRate { get; set; }

    /// <summary>Share of results served as an empty body, with status 200 and the image's content type.</summary>
    /// <value>Default 0. Prompt marker: <c>[sandbox:empty-body]</c>.</value>
    public double EmptyBodyRate { get; set; }

    /// <summary>When true, a 401 answer quotes the rejected key (as OpenAI does), so tests can prove clients redact it.</summary>
    /// <value>Default false.</value>
    public bool EchoRejectedKey { get; set; }

    /// <summary>
    /// When true, the OpenAI-compatible route answers with <c>b64_json</c> whatever <c>response_format</c> asked for,
    /// as gpt-image-1 always does (docs/providers.md#openai-images-request-and-response).
    /// </summary>
    /// <value>Default false: <c>response_format</c> is honoured.</value>
    public bool AlwaysInlineImages { get; set; }

    /// <summary>Replicate prediction creates allowed per minute before 429 "Request was throttled…" (docs/providers.md#replicate-limits-and-retention).</summary>
    /// <value>Default null: unlimited.</value>
    public int? CreatesPerMinute { get; set; }

    /// <summary>Seed of the single random source behind every injected fault, jitter, task id and unset seed.</summary>
    /// <value>Default 42.</value>
    public int RandomSeed { get; set; } = 42;

    /// <summary>Clock for task lifecycles and URL expiry; tests pass a manual clock.</summary>
    /// <value>Default <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Checks every setting and returns all problems at once; empty when the options are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Port is < 0 or > 65535)
        {
            errors.Add($"{nameof(Port)} must be 0–65535 (0 = ephemeral), got {Port}.");
        }

        if (RequiredKey is { Length: 0 })
        {
            errors.Add($"{nameof(RequiredKey)} must be null (any key) or non-empty.");
        }

        NonNegative(errors, nameof(Latency), Latency);
        NonNegative(errors, nameof(LatencyJitter), LatencyJitter);
        if (SampleUrlLifetime <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(SampleUrlLifetime)} must be positive, got {SampleUrlLifetime}.");
        }

        if (ActiveTaskCap < 1)
        {
            errors.Add($"{nameof(ActiveTaskCap)} must be at least 1, got {ActiveTaskCap}.");
        }

        if (RetryAfterSeconds is < 0)
        {
            errors.Add($"{nameof(RetryAfterSeconds)} must be null or non-negative, got {RetryAfterSeconds}.");
        }

        if (CreatesPerMinute is < 1)
        {
            errors.Add($"{nameof(CreatesPerMinute)} must be null (unlimited) or at least 1, got {CreatesPerMinute}.");
        }

        if (Credits is < 0)
        {
            errors.Add($"{nameof(Credits)} must be null (unlimited) or non-negative, got {Credits}.");
        }

        Rate(errors, nameof(ModerationRate), ModerationRate);
        Rate(errors, nameof(SubmitFailureRate), SubmitFailureRate);
        Rate(errors, nameof(PollFailureRate), PollFailureRate);
        Rate(errors, nameof(DropConnectionRate), DropConnectionRate);
        Rate(errors, nameof(CorruptScanRate), CorruptScanRate);
        Rate(errors, nameof(TruncatedScanRate), TruncatedScanRate);
        Rate(errors, nameof(JunkScanRate), JunkScanRate);
        Rate(errors, nameof(DamagedPngRate), DamagedPngRate);
        Rate(errors, nameof(BlackImageRate), BlackImageRate);
        Rate(errors, nameof(WhiteImageRate), WhiteImageRate);
        Rate(errors, nameof(TrailingBytesRate), TrailingBytesRate);
        Rate(errors, nameof(HtmlBodyRate), HtmlBodyRate);
        Rate(errors, nameof(EmptyBodyRate), EmptyBodyRate);
        var downloadFaults = Faults.DownloadFaultPolicy.Rates(this).Sum(r => r.Rate);
        if (downloadFaults > 1 + 1e-9)
        {
            errors.Add($"The download-fault rates ({nameof(CorruptScanRate)} to {nameof(EmptyBodyRate)}) are exclusive shares and must add up to at most 1, got {downloadFaults}.");
        }

        if (TimeProvider is null)
        {
            errors.Add($"{nameof(TimeProvider)} is required.");
        }

        return errors;
    }

    internal SandboxOptions Clone() => (SandboxOptions)MemberwiseClone();

    private static void NonNegative(List<string> errors, string name, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            errors.Add($"{name} must not be negative, got {value}.");
        }
    }

    private static void Rate(List<string> errors, string name, double value)
    {
        if (!(value is >= 0 and <= 1))
        {
            errors.Add($"{name} must be between 0 and 1, got {value}.");
        }
    }
}
