namespace Pipeline.Records;

/// <summary>The folded decisions of one job (see <see cref="CampaignReview"/>).</summary>
/// <param name="Verdict"><see cref="ReviewDecision.Approved"/> or <see cref="ReviewDecision.Rejected"/>; null when never decided or cleared.</param>
/// <param name="Note">The latest non-empty note, or null.</param>
/// <param name="Reviewer">Who wrote the latest row of this job.</param>
public sealed record JobReview(ReviewDecision? Verdict, bool Starred, string? Note, string Reviewer, DateTimeOffset Time)
{
    public bool IsApproved => Verdict == ReviewDecision.Approved;

    public bool IsRejected => Verdict == ReviewDecision.Rejected;

    /// <summary>Folds one more row into this state (or into nothing, for a job's first row).</summary>
    public static JobReview Fold(JobReview? state, ReviewEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var verdict = entry.Decision switch
        {
            ReviewDecision.Approved or ReviewDecision.Rejected => entry.Decision,
            ReviewDecision.Cleared => (ReviewDecision?)null,
            _ => state?.Verdict,
        };
        var starred = entry.Decision switch
        {
            ReviewDecision.Starred => true,
            ReviewDecision.Unstarred => false,
            _ => state?.Starred ?? false,
        };
        var note = entry.Note.Length > 0 ? entry.Note : state?.Note;
        return new JobReview(verdict, starred, note, entry.Reviewer, entry.Time);
    }
}
