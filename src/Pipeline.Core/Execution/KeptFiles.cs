using Pipeline.Domain;
using Pipeline.Imaging;
using Pipeline.Records;

namespace Pipeline.Execution;

/// <summary>
/// The jobs a rerun may skip: those whose latest audit row is <c>succeeded</c> and whose kept file still hashes to
/// that row's SHA-256 (docs/architecture.md#35-a-rerun-checks-what-it-skips). The audit log says what was paid for;
/// only the file says whether it is still there to use.
/// </summary>
/// <param name="Verified">Job ids with an intact kept file.</param>
/// <param name="Damaged">Jobs whose latest row is <c>succeeded</c> but whose file is missing or changed.</param>
public sealed record KeptFiles(IReadOnlySet<string> Verified, IReadOnlyList<DamagedFile> Damaged)
{
    /// <summary>The latest row of each job in <see cref="Verified"/>: the render a forced re-render replaces.</summary>
    public IReadOnlyDictionary<string, AuditRow> VerifiedRows { get; init; } = new Dictionary<string, AuditRow>(StringComparer.Ordinal);

    /// <summary>Hashes every kept file named by a job's latest row (in parallel; SHA-256 covers size and content).</summary>
    public static KeptFiles Check(CampaignFolder folder, IReadOnlyList<AuditRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(rows);
        var latest = new Dictionary<string, AuditRow>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            latest[row.JobId] = row;
        }

        var kept = latest.Values.Where(r => r.Status == JobStatus.Succeeded && r.File is not null).ToList();
        var stamps = KeptFileStamps.Load(folder);
        var problems = new string?[kept.Count];
        Parallel.For(0, kept.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => problems[i] = ProblemOf(folder, kept[i], stamps));
        stamps.Save(folder);
        var verified = new Dictionary<string, AuditRow>(StringComparer.Ordinal);
        var damaged = new List<DamagedFile>();
        for (var i = 0; i < kept.Count; i++)
        {
            if (problems[i] is { } problem)
            {
                damaged.Add(new DamagedFile(kept[i], problem));
            }
            else
            {
                verified.Add(kept[i].JobId, kept[i]);
            }
        }

        return new KeptFiles(verified.Keys.ToHashSet(StringComparer.Ordinal), damaged) { VerifiedRows = verified };
    }

    /// <summary>
    /// Records the files this run kept as checked: each was hashed when it was filed, and its row carries that hash,
    /// so the next rerun need not read it again (see <see cref="KeptFileStamps"/>).
    /// </summary>
    public static void Stamp(CampaignFolder folder, IEnumerable<AuditRow> filed)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(filed);
        var stamps = KeptFileStamps.Load(folder);
        foreach (var row in filed.Where(r => r.Status == JobStatus.Succeeded && r.File is not null && r.Sha256 is not null))
        {
            var file = new FileInfo(Path.Combine(folder.Root, row.File!));
            if (file.Exists)
            {
                stamps.Record(row.File!, file, row.Sha256!);
            }
        }

        stamps.Save(folder);
    }

    private static string? ProblemOf(CampaignFolder folder, AuditRow row, KeptFileStamps stamps)
    {
        var file = new FileInfo(Path.Combine(folder.Root, row.File!));
        try
        {
            if (!file.Exists)
            {
                return "missing file";
            }

            if (row.Sha256 is null || stamps.Unchanged(row.File!, file, row.Sha256))
            {
                return null; // Nothing recorded to compare with, or unchanged since it last hashed to the row's SHA-256.
            }

            var sha256 = FileHash.Sha256(file.FullName);
            if (string.Equals(sha256, row.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                stamps.Record(row.File!, file, sha256);
                return null;
            }

            return $"sha256 mismatch (file {sha256[..12]}…, audit {row.Sha256[..Math.Min(12, row.Sha256.Length)]}…)";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unreadable file: " + ex.Message;
        }
    }
}

/// <summary>A kept file that no longer matches its audit row.</summary>
/// <param name="Problem"><c>missing file</c>, <c>sha256 mismatch (…)</c> or <c>unreadable file: …</c>.</param>
public sealed record DamagedFile(AuditRow Row, string Problem);
