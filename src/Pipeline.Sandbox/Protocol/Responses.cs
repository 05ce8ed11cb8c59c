using System.Text.Json.Nodes;

namespace Pipeline.Sandbox.Protocol;

/// <summary>FastAPI's plain error body: <c>{"detail": "..."}</c>.</summary>
internal sealed record DetailResponse(string Detail);

/// <summary>FastAPI's 422 body: <c>{"detail": [{loc, msg, type}, ...]}</c>.</summary>
internal sealed record ValidationResponse(IReadOnlyList<ValidationError> Detail);

/// <summary>BFL <c>AsyncResponse</c> (docs/providers.md#bfl-submit-response).</summary>
internal sealed record SubmitResponse(string Id, string PollingUrl, double Cost, double InputMp, double OutputMp);

/// <summary>BFL <c>AsyncWebhookResponse</c>: no <c>polling_url</c>.</summary>
internal sealed record WebhookSubmitResponse(string Id, string Status, string WebhookUrl, double Cost, double InputMp, double OutputMp);

/// <summary>BFL <c>ResultResponse</c> (docs/providers.md#bfl-polling). Nulls are written, as BFL does.</summary>
internal sealed record ResultResponse(string Id, string Status, ReadyResult? Result, double? Progress, JsonObject? Details, JsonObject? Preview);

/// <summary>The <c>result</c> of a Ready task; times are Unix seconds.</summary>
internal sealed record ReadyResult(string Sample, long Seed, string Prompt, double StartTime, double EndTime, double Duration);
