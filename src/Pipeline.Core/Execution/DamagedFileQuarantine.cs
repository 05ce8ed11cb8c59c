using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Execution;

/// <summary>
/// Before a rerun renders a job again because its kept file failed the check (<see cref="KeptFiles"/>), the damaged
/// file moves to <c>quarantine/</c> and the job gets a <c>verification_failed</c> row saying why, so the audit log,
/// the report and <c>status</c> stop calling it succeeded even if the new render never happens.
/// </summary>
internal static class DamagedFileQuarantine
{
    public static void SetAside(CampaignFolder folder, DamagedFile damaged, AuditLog audit, string runId, DateTimeOffset now)
    {
        var row = damaged.Row;
        string? kept = null;
        var path = Path.Combine(folder.Root, row.File!);
        if (File.Exists(path))
        {
            var target = Path.Combine(folder.QuarantineDir, Path.GetFileName(path));
            File.Move(path, target, overwrite: true);
            kept = folder.Relative(target);
        }

        audit.Append(row with
        {
            RunId = runId,
            Status = JobStatus.VerificationFailed,
            Attempts = 0,
            CostUsd = 0m,
            Verification = "kept file: " + damaged.Problem,
            File = kept,
            SubmittedAt = null,
            CompletedAt = now,
            Detail = $"kept file {row.File} failed its check before the rerun ({damaged.Problem}); rendered again",
        });
    }
}
