using Pipeline.Domain;

namespace Pipeline.Providers;

/// <summary>A provider's acknowledgement of a submit: the task's handle, and its result when the answer carries it.</summary>
public sealed record SubmittedTask(string RequestId, Uri PollingUrl, decimal? ReportedCostUsd, Uri? ResultUrl = null)
    : TaskHandle(RequestId, PollingUrl, ReportedCostUsd, ResultUrl)
{
    /// <summary>Re-attaches to a task known from the ledger (no result yet).</summary>
    public static SubmittedTask Reattach(TaskHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return new SubmittedTask(handle.RequestId, handle.PollingUrl, handle.ReportedCostUsd, handle.ResultUrl);
    }

    /// <summary>
    /// The terminal result, when the submit answer already carries it: synchronous protocols (OpenAI images) and
    /// Replicate's <c>Prefer: wait</c>. The executor then skips polling. Never stored in the ledger.
    /// </summary>
    public TaskPoll? Completed { get; init; }
}
