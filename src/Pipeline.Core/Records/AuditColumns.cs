namespace Pipeline.Records;

/// <summary>The audit header, in contract order; columns after <c>completed_at</c> are extensions.</summary>
internal static class AuditColumns
{
    public static IReadOnlyList<string> All { get; } =
    [
        "run_id", "job_id", "campaign", "prompt_id", "prompt", "provider", "model", "finetune_id", "finetune_strength",
        "seed", "aspect_ratio", "width", "height", "format", "request_id", "status", "attempts", "cost_usd", "nsfw",
        "verification", "file", "sha256", "submitted_at", "completed_at", "detail",
    ];

    /// <summary>ISO 8601 UTC with milliseconds, e.g. <c>2026-11-21T23:59:01.123Z</c>.</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
}
