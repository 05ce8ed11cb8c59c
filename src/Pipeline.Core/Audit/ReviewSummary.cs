using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Audit;

/// <summary>
/// What the review decided, next to what was rendered: decision counts over the kept images, and the approval rate
/// per finetune strength for each prompt (and finetune), which is the answer a strength sweep is run for.
/// </summary>
/// <param name="Images">Jobs whose latest outcome kept an image.</param>
/// <param name="Undecided">Kept images with neither approval nor rejection.</param>
/// <param name="Rates">Per prompt (first-seen order), finetune and strength (ascending).</param>
public sealed record ReviewSummary(int Images, int Approved, int Rejected, int Starred, int Undecided, int Notes, int Rows, IReadOnlyList<ApprovalRate> Rates)
{
    public static ReviewSummary Of(CampaignAudit audit, CampaignReview review)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(review);
        var kept = audit.Latest.Where(r => r.Status == JobStatus.Succeeded && r.File is not null).ToList();
        var states = kept.Select(r => review.For(r.JobId)).ToList();
        var promptOrder = kept.Select(r => r.PromptId).Distinct(StringComparer.Ordinal).ToList();
        var rates = kept
            .GroupBy(r => (r.PromptId, r.FinetuneId, r.FinetuneStrength))
            .OrderBy(g => promptOrder.IndexOf(g.Key.PromptId))
            .ThenBy(g => g.Key.FinetuneId, StringComparer.Ordinal)
            .ThenBy(g => g.Key.FinetuneStrength)
            .Select(g => new ApprovalRate(
                g.Key.PromptId,
                g.Key.FinetuneId,
                g.Key.FinetuneStrength,
                g.Count(),
                g.Count(r => review.For(r.JobId)?.IsApproved == true),
                g.Count(r => review.For(r.JobId)?.IsRejected == true)))
            .ToList();
        return new ReviewSummary(
            kept.Count,
            states.Count(s => s?.IsApproved == true),
            states.Count(s => s?.IsRejected == true),
            states.Count(s => s?.Starred == true),
            states.Count(s => s?.Verdict is null),
            states.Count(s => s?.Note is not null),
            review.Entries.Count,
            rates);
    }
}

/// <summary>
/// Approvals at one finetune strength of one prompt (and finetune). <see cref="Rate"/> is approved over decided
/// (approved + rejected): an image nobody looked at says nothing about its strength. Null when none is decided.
/// </summary>
/// <param name="Strength">Null for base models (no strength axis).</param>
public sealed record ApprovalRate(string PromptId, string? FinetuneId, decimal? Strength, int Images, int Approved, int Rejected)
{
    public int Decided => Approved + Rejected;

    public double? Rate => Decided == 0 ? null : (double)Approved / Decided;
}
