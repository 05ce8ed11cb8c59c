using Pipeline.Records;

namespace Pipeline.Review;

/// <summary>
/// The decisions of one review session: appends to <c>review.csv</c> (rows whole, in the order decided) and keeps
/// the folded state that the page reads back. Thread-safe: every browser of the session goes through one desk.
/// </summary>
internal sealed class ReviewDesk : IDisposable
{
    /// <summary>Longest note kept, in characters.</summary>
    public const int MaxNote = 2000;

    private readonly Lock _gate = new();
    private readonly ReviewLog _log;
    private readonly List<ReviewEntry> _entries;
    private readonly TimeProvider _time;
    private CampaignReview _review;

    public ReviewDesk(CampaignFolder folder, TimeProvider time)
    {
        _entries = [.. ReviewLog.Read(folder.ReviewPath)];
        _review = CampaignReview.Of(_entries);
        _log = ReviewLog.Open(folder.ReviewPath);
        _time = time;
    }

    public CampaignReview Current
    {
        get
        {
            lock (_gate)
            {
                return _review;
            }
        }
    }

    /// <summary>Records one decision by <paramref name="reviewer"/> and returns the job's new state.</summary>
    public JobReview Decide(string reviewer, string jobId, ReviewDecision decision, string note, string? sha256)
    {
        lock (_gate)
        {
            var entry = new ReviewEntry(_time.GetUtcNow(), reviewer, jobId, decision, note, sha256);
            _log.Append(entry);
            _entries.Add(entry);
            _review = CampaignReview.Of(_entries);
            return _review.For(jobId)!;
        }
    }

    public void Dispose() => _log.Dispose();
}
