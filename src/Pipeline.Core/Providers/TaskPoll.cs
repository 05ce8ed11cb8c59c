namespace Pipeline.Providers;

/// <summary>The one status vocabulary every adapter maps its provider's statuses onto.</summary>
public enum TaskState
{
    /// <summary>Queued or running.</summary>
    Pending,

    /// <summary>Done; <see cref="TaskPoll.SampleUrl"/> holds the image.</summary>
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
/// <param name="Nsfw">The provider's NSFW flag for the output, when it has one.</param>
/// <param name="Detail">The provider's own words for a failure or moderation.</param>
public sealed record TaskPoll(TaskState State, Uri? SampleUrl = null, double? Progress = null, bool? Nsfw = null, string? Detail = null, long? Seed = null)
{
    public bool IsTerminal => State != TaskState.Pending;
}
