namespace Pipeline.Records;

/// <summary>
/// The decisions of <c>review.csv</c> folded per job: the latest approve, reject or clear sets the verdict; stars are
/// separate (the latest star or unstar); the latest non-empty note is kept. Rows count in file order, which is the
/// order they were decided in. Reads the folder only.
/// </summary>
public sealed class CampaignReview
{
    private CampaignReview(IReadOnlyList<ReviewEntry> entries, IReadOnlyDictionary<string, JobReview> byJob)
    {
        Entries = entries;
        ByJob = byJob;
    }

    /// <summary>Every complete row, in file order.</summary>
    public IReadOnlyList<ReviewEntry> Entries { get; }

    /// <summary>The folded state of every job that has a row.</summary>
    public IReadOnlyDictionary<string, JobReview> ByJob { get; }

    public static CampaignReview Empty { get; } = Of([]);

    /// <summary>The review of <paramref name="folder"/>; empty when there is no <c>review.csv</c>.</summary>
    /// <exception cref="FormatException">A row has a value the contract does not allow (the message names file and line).</exception>
    public static CampaignReview Read(CampaignFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return Of(ReviewLog.Read(folder.ReviewPath));
    }

    public static CampaignReview Of(IReadOnlyList<ReviewEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var byJob = new Dictionary<string, JobReview>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            byJob[entry.JobId] = JobReview.Fold(byJob.GetValueOrDefault(entry.JobId), entry);
        }

        return new CampaignReview(entries, byJob);
    }

    /// <summary>The state of <paramref name="jobId"/>, or null when nobody decided anything about it.</summary>
    public JobReview? For(string jobId) => ByJob.GetValueOrDefault(jobId);
}
