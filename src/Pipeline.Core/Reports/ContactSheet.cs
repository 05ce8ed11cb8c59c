using System.Text;
using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Records;

namespace Pipeline.Reports;

/// <summary>
/// Writes <c>report/index.html</c> from the campaign folder only (every audit log, the sidecars; no provider is called):
/// a summary header (jobs, pass rate, spend, latency), the review's decisions with the approval rate per strength,
/// filters by status, prompt, finetune, strength, ratio, provider and decision, and for each prompt
/// and aspect ratio (and finetune, when there are several) a sweep grid with seeds as rows and finetune strengths as
/// columns. The grid shows thumbnails; clicking one opens the original with its provenance. Static and self-contained (inline CSS and script,
/// relative image links), so it opens from <c>file://</c>.
/// </summary>
public static class ContactSheet
{
    /// <summary>Builds the report, with a thumbnail per kept image (made once, see <see cref="Thumbnails"/>), and returns its path.</summary>
    /// <exception cref="IOException">The report folder is not writable.</exception>
    /// <exception cref="FormatException">An audit row has a value the contract does not allow.</exception>
    public static string Write(CampaignFolder folder, CancellationToken cancellationToken = default) => Write(folder, provider: null, cancellationToken);

    /// <summary>
    /// As <see cref="Write(CampaignFolder, CancellationToken)"/>, for one provider's jobs: a folder rendered on two
    /// providers holds two sweeps of the same cells, and header and grid must count the same jobs (issue 14, item 3).
    /// </summary>
    /// <param name="provider">The provider to show; null: the one used last.</param>
    public static string Write(CampaignFolder folder, string? provider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);

        // Taken before reading: anything written while the page is built leaves the stamp stale, so the next run rebuilds.
        var inputs = ReportInputs.Of(folder, provider);
        var all = CampaignAudit.Read(folder);
        var providers = all.Providers;
        var shown = provider ?? (providers.Count > 0 ? providers[^1] : null);
        var audit = shown is null ? all : all.ForProvider(shown);
        var review = CampaignReview.Read(folder);
        Directory.CreateDirectory(folder.ReportDir);
        var others = providers.Where(p => p != shown).ToList();
        var title = shown is null ? Path.GetFileName(folder.Root)
            : $"{Path.GetFileName(folder.Root)} · {shown}" + (others.Count > 0 ? $" (also in this folder: {string.Join(", ", others)}; pipeline report --provider NAME)" : string.Empty);
        var html = Render(folder, audit, ReportView.Static(review, ReviewSummary.Of(audit, review)), cancellationToken, title);
        var path = PagePath(folder);
        // This process's own temp file: the shards of a run each write the report as they end, often together.
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, html, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
        inputs.Record(folder);
        return path;
    }

    /// <summary>
    /// As <see cref="Write(CampaignFolder, string?, CancellationToken)"/>, but an existing page built from the same
    /// audit logs, review decisions, renditions and provider is left as it is (a rerun that rendered nothing).
    /// </summary>
    /// <returns>The page's path.</returns>
    public static string Refresh(CampaignFolder folder, string? provider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return ReportInputs.Of(folder, provider).Built(folder) ? PagePath(folder) : Write(folder, provider, cancellationToken);
    }

    internal static string PagePath(CampaignFolder folder) => Path.Combine(folder.ReportDir, "index.html");

    /// <summary>The page for <paramref name="view"/> (the static report or the review page), making missing thumbnails first.</summary>
    internal static string Render(CampaignFolder folder, CampaignAudit audit, ReportView view, CancellationToken cancellationToken, string? title = null)
    {
        var thumbnails = Thumbnails.Ensure(folder, audit.Latest, cancellationToken);
        return ReportPage.Render(
            title ?? Path.GetFileName(folder.Root),
            AuditSummary.Of(audit),
            SweepGrid.Build(audit.Latest),
            ProvenanceData.Build(folder, audit.Latest),
            thumbnails,
            view);
    }
}
