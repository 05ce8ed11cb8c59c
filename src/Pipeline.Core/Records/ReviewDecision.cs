namespace Pipeline.Records;

/// <summary>
/// The <c>decision</c> column of <c>review.csv</c>. <see cref="Approved"/>, <see cref="Rejected"/> and
/// <see cref="Cleared"/> set a job's verdict (the latest wins); <see cref="Starred"/> and <see cref="Unstarred"/> set
/// its star, which is separate from the verdict.
/// </summary>
public enum ReviewDecision
{
    Approved,
    Rejected,
    Starred,
    Unstarred,
    Cleared,
}

/// <summary>The wire names of <see cref="ReviewDecision"/>: <c>approved | rejected | starred | unstarred | cleared</c>.</summary>
public static class ReviewDecisionNames
{
    public static string ToWire(this ReviewDecision decision) => decision switch
    {
        ReviewDecision.Approved => "approved",
        ReviewDecision.Rejected => "rejected",
        ReviewDecision.Starred => "starred",
        ReviewDecision.Unstarred => "unstarred",
        ReviewDecision.Cleared => "cleared",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, null),
    };

    /// <summary>The decision named <paramref name="name"/>, or false for any other text.</summary>
    public static bool TryParse(string? name, out ReviewDecision decision)
    {
        foreach (var candidate in Enum.GetValues<ReviewDecision>())
        {
            if (string.Equals(candidate.ToWire(), name, StringComparison.Ordinal))
            {
                decision = candidate;
                return true;
            }
        }

        decision = default;
        return false;
    }
}
