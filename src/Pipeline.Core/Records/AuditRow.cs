using Pipeline.Domain;

namespace Pipeline.Records;

/// <summary>One job outcome in one run: a row of <c>audit.csv</c>, columns in contract order, then <see cref="Detail"/>.</summary>
/// <param name="FinetuneStrength">Null for base models; printed as written in the plan.</param>
/// <param name="Width">Pixels actually in the file (null when there is no file).</param>
/// <param name="Format"><c>jpeg</c> or <c>png</c>: the real format of the file, else the requested one.</param>
/// <param name="CostUsd">What the provider bills for this outcome (0 for moderated and unbilled failures).</param>
/// <param name="Verification"><c>ok</c>, or the reasons, <c>;</c>-separated.</param>
/// <param name="File">Relative to the campaign folder, <c>/</c>-separated.</param>
/// <param name="Detail">Free text: the provider's words, retries, resubmissions (appended after the contract columns).</param>
public sealed record AuditRow(
    string RunId,
    string JobId,
    string Campaign,
    string PromptId,
    string Prompt,
    string Provider,
    string Model,
    string? FinetuneId,
    decimal? FinetuneStrength,
    long Seed,
    string? AspectRatio,
    int? Width,
    int? Height,
    string Format,
    string? RequestId,
    JobStatus Status,
    int Attempts,
    decimal CostUsd,
    bool Nsfw,
    string Verification,
    string? File,
    string? Sha256,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? CompletedAt,
    string? Detail);
