namespace Pipeline.Providers;

/// <summary>The one status vocabulary every adapter maps its provider's statuses onto.</summary>
public enum TaskState
{
    /// <summary>Queued or running.</summary>
    Pending,

    /// <summary>Done; <see cref="TaskPoll.SampleUrl"/> or <see cref="TaskPoll.InlineImage"/> holds the image.</summary>
    Ready,

    /// <summary>The input was refused before processing (not charged).</summary>
    RequestModerated,

    /// <summary>The output was refused after processing (not charged).</summary>
    ContentModerated,

    /// <summary>The provider reports a failure.</summary>
    Failed,

    /// <summary>The provider does not know the task (expired or never existed).</summary>
    NotFound,
}

/// <summary>One observation of a task.</summary>
/// <param name="Progress">0–1 when the provider reports it.</param>
/// <param name="Nsfw">The provider's NSFW flag for the output, when it has one (fal <c>has_nsfw_concepts</c>).</param>
/// <param name="Detail">The provider's own words for a failure or moderation (already redacted).</param>
public sealed record TaskPoll(TaskState State, Uri? SampleUrl = null, double? Progress = null, bool? Nsfw = null, string? Detail = null, long? Seed = null)
{
    public bool IsTerminal => State != TaskState.Pending;

    /// <summary>
    /// True while the provider says the task waits in its queue and has not started (fal <c>IN_QUEUE</c>,
    /// Replicate <c>starting</c>). The executor does not count queue time against the job deadline.
    /// </summary>
    public bool Queued { get; init; }

    /// <summary>
    /// How long the provider says it spent on a finished task (BFL <c>result.duration</c>), when it says so: the poll
    /// schedule learns the service time from it exactly (docs/architecture.md#5-poll-schedule).
    /// </summary>
    public TimeSpan? ServiceTime { get; init; }

    /// <summary>
    /// The image bytes, when the provider sent them in the response (OpenAI <c>b64_json</c>, <c>data:</c> URIs)
    /// instead of a URL. Null when <see cref="SampleUrl"/> is the result.
    /// </summary>
    public ReadOnlyMemory<byte>? InlineImage { get; init; }

    /// <summary>What the provider says the image is (fal <c>images[].width/height/content_type</c>); verified against the file.</summary>
    public ReportedImage? Reported { get; init; }
}
