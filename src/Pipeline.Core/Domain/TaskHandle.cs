namespace Pipeline.Domain;

/// <summary>What is needed to re-attach to a provider's task later: the part of a submit's answer the ledger keeps.</summary>
/// <param name="RequestId">The provider's id for the request (audit <c>request_id</c>).</param>
/// <param name="PollingUrl">Where to poll, exactly as the provider returned it (never rebuilt).</param>
/// <param name="ReportedCostUsd">Cost reported at submit (BFL credits × $0.01), when the provider says.</param>
/// <param name="ResultUrl">Where the result is fetched once the task is done, when the protocol separates it from
/// the status URL (fal <c>response_url</c>), exactly as returned.</param>
public record TaskHandle(string RequestId, Uri PollingUrl, decimal? ReportedCostUsd, Uri? ResultUrl = null);
