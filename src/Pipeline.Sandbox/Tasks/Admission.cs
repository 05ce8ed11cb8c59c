namespace Pipeline.Sandbox.Tasks;

/// <summary>What the board said to a submit: a task, or why not.</summary>
internal readonly record struct Admission(SandboxTask? Task, AdmissionRefusal Refusal, int ActiveTasks);

internal enum AdmissionRefusal
{
    None,
    InsufficientCredits,
    ConcurrencyLimit,
}
