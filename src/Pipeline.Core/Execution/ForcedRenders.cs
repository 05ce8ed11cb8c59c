using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Execution;

/// <summary>
/// A verified job rendered again (<c>run --only … --force</c>) loses nothing paid for
/// (docs/architecture.md#44-re-rendering-chosen-jobs-only-and-force). When the new render verifies, the one it replaces
/// is copied into <c>superseded/</c> with its sidecar before the new file takes its name; when it does not (failed,
/// moderated, skipped for the budget, cancelled), a row restates the earlier render as the job's image, so the report,
/// <c>status</c>, <c>verify</c> and the next run go on using it.
/// </summary>
internal static class ForcedRenders
{
    /// <summary>
    /// Copies the render <paramref name="previous"/> names, and its sidecar, into <c>superseded/</c> as
    /// <c>&lt;name&gt;.&lt;first 12 of its SHA-256&gt;.&lt;ext&gt;</c>, flushed to disk; returns the note for the new row.
    /// Copied rather than moved, so the job's file is never missing: the new one then replaces it in one rename.
    /// </summary>
    public static string KeepPrevious(CampaignFolder folder, AuditRow previous)
    {
        var source = Path.Combine(folder.Root, previous.File!);
        if (!File.Exists(source))
        {
            return $"forced re-render; the previous render's file {previous.File} was already gone";
        }

        Directory.CreateDirectory(folder.SupersededDir);
        var tag = previous.Sha256 is { Length: >= 12 } sha256 ? sha256[..12] : previous.RunId;
        var target = Path.Combine(folder.SupersededDir, $"{Path.GetFileNameWithoutExtension(source)}.{tag}{Path.GetExtension(source)}");
        CopyDurably(source, target);
        if (File.Exists(source + ".json"))
        {
            CopyDurably(source + ".json", target + ".json");
        }

        return $"forced re-render; the previous render (run {previous.RunId}, request {previous.RequestId}) is kept as {folder.Relative(target)}";
    }

    /// <summary>
    /// Removes the previous file and sidecar when the new render was filed under another name (its real format
    /// differs): both are already in <c>superseded/</c>, and <c>images/</c> holds one file per job.
    /// </summary>
    public static void RemoveReplaced(CampaignFolder folder, AuditRow previous, string filed)
    {
        var old = Path.Combine(folder.Root, previous.File!);
        if (!string.Equals(Path.GetFullPath(old), Path.GetFullPath(filed), StringComparison.Ordinal))
        {
            File.Delete(old);
            File.Delete(old + ".json");
        }
    }

    /// <summary>
    /// The row that keeps <paramref name="previous"/> the job's image after <paramref name="attempt"/>, a forced
    /// re-render that did not verify: the earlier render's file, hash and request, billed nothing in this run.
    /// </summary>
    public static AuditRow Restated(AuditRow previous, AuditRow attempt, DateTimeOffset now) => previous with
    {
        RunId = attempt.RunId,
        Attempts = 0,
        CostUsd = 0m,
        SubmittedAt = null,
        CompletedAt = now,
        Detail = $"the forced re-render ended {attempt.Status.ToWire()}; the render of run {previous.RunId} (request {previous.RequestId}) stays the job's image",
    };

    private static void CopyDurably(string source, string target)
    {
        var temp = target + ".tmp";
        File.Copy(source, temp, overwrite: true);
        using (var copy = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            copy.Flush(flushToDisk: true);
        }

        File.Move(temp, target, overwrite: true);
    }
}
