using System.Globalization;
using Pipeline.Planning;
using Pipeline.Domain;

namespace Pipeline.Records;

/// <summary>
/// The layout of <c>&lt;output&gt;/&lt;campaign&gt;/</c> (docs/architecture.md#contract-outputs). One folder per campaign,
/// not per run: reruns find what is already done here.
/// </summary>
/// <remarks>A shard (<c>--shard i/n</c>) writes its own audit log and ledger; readers merge all of them.</remarks>
public sealed class CampaignFolder(string root, Shard shard = default)
{
    public string Root { get; } = Path.GetFullPath(root);

    public Shard Shard { get; } = shard == default ? Shard.Whole : shard;

    /// <summary>This process's audit log: <c>audit.csv</c>, or <c>audit.shard-i-of-n.csv</c> for a shard.</summary>
    public string AuditPath => Path.Combine(Root, $"audit{Shard.Suffix}.csv");

    public string LockPath => Path.Combine(Root, "campaign.lock.json");

    /// <summary>This process's write-ahead ledger: <c>ledger.jsonl</c>, or <c>ledger.shard-i-of-n.jsonl</c>.</summary>
    public string LedgerPath => Path.Combine(Root, $"ledger{Shard.Suffix}.jsonl");

    /// <summary>Held while a process runs this campaign (shard), so two cannot run it at once.</summary>
    public string RunLockPath => Path.Combine(Root, $".running{Shard.Suffix}");

    /// <summary>The latest run's <see cref="RunRecord"/>: <c>run.json</c>, or <c>run.shard-i-of-n.json</c>.</summary>
    public string RunRecordPath => Path.Combine(Root, $"run{Shard.Suffix}.json");

    /// <summary>Every run record in the folder (all shards), whole campaign first.</summary>
    public IReadOnlyList<string> AllRunRecordPaths() => Matching("run", ".json");

    /// <summary>Every audit log in the folder (all shards), whole campaign first.</summary>
    public IReadOnlyList<string> AllAuditPaths() => Matching("audit", ".csv");

    /// <summary>Every ledger in the folder (all shards), whole campaign first.</summary>
    public IReadOnlyList<string> AllLedgerPaths() => Matching("ledger", ".jsonl");

    public string ImagesDir => Path.Combine(Root, "images");

    public string QuarantineDir => Path.Combine(Root, "quarantine");

    /// <summary><c>superseded/</c>: verified renders replaced by a forced re-render (<c>run --only … --force</c>), each with its sidecar.</summary>
    public string SupersededDir => Path.Combine(Root, "superseded");

    public string ReportDir => Path.Combine(Root, "report");

    public string TempDir => Path.Combine(Root, ".tmp");

    /// <summary>The people's decisions on the images: <c>review.csv</c> (whole campaign, never per shard).</summary>
    public string ReviewPath => Path.Combine(Root, "review.csv");

    /// <summary><c>renditions/</c>: one folder per rendition name (docs/architecture.md#40-renditions).</summary>
    public string RenditionsDir => Path.Combine(Root, "renditions");

    /// <summary><c>renditions.csv</c>, the append-only log of derived renditions (all shards share it).</summary>
    public string RenditionsLogPath => Path.Combine(Root, "renditions.csv");

    public static CampaignFolder For(string outputRoot, string campaign, Shard shard = default) => new(Path.Combine(outputRoot, campaign), shard);

    /// <summary>Creates the folders a run writes to.</summary>
    public void Create()
    {
        Directory.CreateDirectory(ImagesDir);
        Directory.CreateDirectory(QuarantineDir);
        Directory.CreateDirectory(TempDir);
    }

    /// <summary>
    /// A readable, unique file name: <c>kettle-hero_16x9_ft1.2_s11_3f2a….jpg</c>. The job id keeps it unique;
    /// the rest lets a person find a render without the audit log.
    /// </summary>
    public static string FileNameFor(Job job, string format)
    {
        ArgumentNullException.ThrowIfNull(job);
        var shape = job.AspectRatio?.Replace(':', 'x') ?? job.Size?.ToString() ?? "fill";
        var strength = job.FinetuneStrength is { } s ? "_ft" + s.ToString(CultureInfo.InvariantCulture) : string.Empty;
        var extension = format == "png" ? "png" : "jpg";
        return string.Create(CultureInfo.InvariantCulture, $"{job.PromptId}_{shape}{strength}_s{job.Seed}_{job.Id}.{extension}");
    }

    private List<string> Matching(string stem, string extension)
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        return Directory.EnumerateFiles(Root, stem + "*" + extension)
            .Where(p => Path.GetFileName(p) == stem + extension || Path.GetFileName(p).StartsWith(stem + ".shard-", StringComparison.Ordinal))
            .OrderBy(p => Path.GetFileName(p).Length)
            .ThenBy(p => p, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The path relative to <see cref="Root"/>, with <c>/</c> separators (the audit <c>file</c> column).</summary>
    public string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');
}
