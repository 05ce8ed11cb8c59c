using Pipeline.Audit;
using Pipeline.Records;

namespace Pipeline.Reports;

/// <summary>
/// What differs between the static report and the review page, which share the grid, its markup, style and script:
/// the links, and the review page's own markup and script (decision keys, the server's API).
/// </summary>
/// <param name="Decisions">The review as it stood when the page was built (the review page then follows the server).</param>
internal sealed record ReportView(ReportLinks Links, CampaignReview Review, ReviewSummary Decisions, string ExtraMarkup, string ExtraScript)
{
    public static ReportView Static(CampaignReview review, ReviewSummary decisions) => new(ReportLinks.Static, review, decisions, string.Empty, string.Empty);
}
