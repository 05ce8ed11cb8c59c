namespace Pipeline.Domain;

/// <summary>The audit <c>status</c> vocabulary (docs/architecture.md#contract-outputs).</summary>
public enum JobStatus
{
    Succeeded,
    Failed,
    RequestModerated,
    ContentModerated,
    NsfwFlagged,
    VerificationFailed,
    SkippedBudget,
    Cancelled,
}

/// <summary>Spelling of <see cref="JobStatus"/> in the audit log.</summary>
public static class JobStatusNames
{
    public static string ToWire(this JobStatus status) => status switch
    {
        JobStatus.Succeeded => "succeeded",
        JobStatus.Failed => "failed",
        JobStatus.RequestModerated => "request_moderated",
        JobStatus.ContentModerated => "content_moderated",
        JobStatus.NsfwFlagged => "nsfw_flagged",
        JobStatus.VerificationFailed => "verification_failed",
        JobStatus.SkippedBudget => "skipped_budget",
        JobStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static JobStatus Parse(string wire) => wire switch
    {
        "succeeded" => JobStatus.Succeeded,
        "failed" => JobStatus.Failed,
        "request_moderated" => JobStatus.RequestModerated,
        "content_moderated" => JobStatus.ContentModerated,
        "nsfw_flagged" => JobStatus.NsfwFlagged,
        "verification_failed" => JobStatus.VerificationFailed,
        "skipped_budget" => JobStatus.SkippedBudget,
        "cancelled" => JobStatus.Cancelled,
        _ => throw new FormatException($"Unknown audit status '{wire}'."),
    };
}
