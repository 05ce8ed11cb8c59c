namespace Pipeline.Providers;

/// <summary>A provider's acknowledgement of a submit: what is needed to re-attach to the task later.</summary>
/// <param name="RequestId">The provider's id for the request (audit <c>request_id</c>).</param>
/// <param name="PollingUrl">Where to poll, exactly as the provider returned it (never rebuilt).</param>
/// <param name="ReportedCostUsd">Cost reported at submit (BFL credits × $0.01), when the provider says.</param>
public sealed record SubmittedTask(string RequestId, Uri PollingUrl, decimal? ReportedCostUsd);
