namespace Pipeline.Sandbox.Tasks;

/// <summary>What the board said to a submit: a task, or why not.</summary>
/// <param name="ActiveTasks">Tasks running after this admission (queued ones not counted).</param>
internal readonly record struct Admission(SandboxTask? Task, AdmissionRefusal Refusal, int ActiveTasks)
{
    /// <summary>The task waits for a slot instead of starting now.</summary>
    public bool Queued => Task is { } task && task.StartedAt > task.SubmittedAt;
}

internal enum AdmissionRefusal
{
    None,
    InsufficientCredits,
    ConcurrencyLimit,
}

/// <summary>What a host does with a submit beyond its active-task cap.</summary>
internal enum OverLimit
{
    /// <summary>Refuse with 429 (BFL: "retry once a previous task finishes").</summary>
    Refuse,

    /// <summary>Accept and queue until a slot frees (fal: "never rejected due to concurrency limits"; Replicate <c>starting</c>).</summary>
    Queue,
}
