namespace Pipeline.Sandbox.Tasks;

/// <summary>How a task ends; decided at submit, revealed once the task's latency has passed.</summary>
internal enum TaskOutcome
{
    Ready,
    RequestModerated,
    ContentModerated,
    Error,
    Failed,
}
