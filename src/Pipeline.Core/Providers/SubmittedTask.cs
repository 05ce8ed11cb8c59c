namespace Pipeline.Providers;

/// <summary>A provider's acknowledgement of a submit: what is needed to re-attach to the task later.</summary>
/// <param name="RequestId">The provider's id for the request (audit <c>request_id</c>).</param>
/// <param name="PollingUrl">Where to poll, exactly as the provider returned it (never rebuilt).</param>
/// <param name="ReportedCostUsd">Cost reported at submit (BFL credits × $0.01), when the provider says.</param>
/// <param name="ResultUrl">Where the result is fetched once the task is done, when the protocol separates it from
/// the status URL (fal <c>response_url</c>), exactly as returned.</param>
public sealed record SubmittedTask(string RequestId, Uri PollingUrl, decimal? ReportedCostUsd, Uri? ResultUrl = null)
{
    /// <summary>
    /// The terminal result, when the submit answer already carries it: synchronous protocols (OpenAI images) and
    /// Replicate's <c>Prefer: wait</c>. The executor then skips polling. Never stored in the ledger.
    /// </summary>
    public TaskPoll? Completed { get; init; }
}
