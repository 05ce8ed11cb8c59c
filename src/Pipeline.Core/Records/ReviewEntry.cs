namespace Pipeline.Records;

/// <summary>One row of <c>review.csv</c>: who decided what about one job, and when.</summary>
/// <param name="Time">UTC; written as ISO 8601 with milliseconds, as the audit log writes times.</param>
/// <param name="Note">Free text; empty when the row carries no note.</param>
/// <param name="Sha256">The job's image when it was decided, so a decision on a later re-render can be told apart.</param>
public sealed record ReviewEntry(DateTimeOffset Time, string Reviewer, string JobId, ReviewDecision Decision, string Note, string? Sha256);
