using Pipeline.Domain;
using Pipeline.Imaging;
using Pipeline.Records;

namespace Pipeline.Execution;

/// <summary>
/// A verified job rendered again (<c>run --only … --force</c>) loses nothing paid for
/// (docs/architecture.md#46-re-rendering-chosen-jobs-only-and-force). When the new render verifies, the one it replaces
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

        var kept = KeepAside(folder, source, previous.Sha256 is { Length: >= 12 } sha256 ? sha256 : FileHash.Sha256(source));
        return $"forced re-render; the previous render (run {previous.RunId}, request {previous.RequestId}) is kept as {kept}";
    }

    /// <summary>
    /// Copies a file already under the name a new render takes, which no verified row of the job claims (a crash
    /// between a failed forced render's row and its restatement, or after a rename before its row), into
    /// <c>superseded/</c> as <see cref="KeepPrevious"/> does; returns the note for the new row.
    /// </summary>
    public static string KeepUnclaimed(CampaignFolder folder, string path)
    {
        var sha256 = FileHash.Sha256(path);
        return $"an earlier file under this name (sha256 {sha256[..12]}…) is kept as {KeepAside(folder, path, sha256)}";
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

    /// <summary>Copies <paramref name="source"/> and its sidecar to <c>superseded/&lt;name&gt;.&lt;first 12 of sha256&gt;.&lt;ext&gt;</c>; returns its relative path.</summary>
    private static string KeepAside(CampaignFolder folder, string source, string sha256)
    {
        Directory.CreateDirectory(folder.SupersededDir);
        var target = Path.Combine(folder.SupersededDir, $"{Path.GetFileNameWithoutExtension(source)}.{sha256[..12]}{Path.GetExtension(source)}");
        CopyDurably(source, target);
        if (File.Exists(source + ".json"))
        {
            CopyDurably(source + ".json", target + ".json");
        }

        return folder.Relative(target);
    }

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
