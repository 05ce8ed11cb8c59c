using System.Globalization;
using Pipeline.Planning;

namespace Pipeline.Execution;

/// <summary>
/// The layout of <c>&lt;output&gt;/&lt;campaign&gt;/</c> (ARCHITECTURE.md, "Contract: outputs"). One folder per campaign,
/// not per run: reruns find what is already done here.
/// </summary>
public sealed class CampaignFolder(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string AuditPath => Path.Combine(Root, "audit.csv");

    public string LockPath => Path.Combine(Root, "campaign.lock.json");

    public string LedgerPath => Path.Combine(Root, "ledger.jsonl");

    public string ImagesDir => Path.Combine(Root, "images");

    public string QuarantineDir => Path.Combine(Root, "quarantine");

    public string ReportDir => Path.Combine(Root, "report");

    public string TempDir => Path.Combine(Root, ".tmp");

    public static CampaignFolder For(string outputRoot, string campaign) => new(Path.Combine(outputRoot, campaign));

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

    /// <summary>The path relative to <see cref="Root"/>, with <c>/</c> separators (the audit <c>file</c> column).</summary>
    public string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');
}
