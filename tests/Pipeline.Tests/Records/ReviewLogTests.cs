using Pipeline.Records;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Records;

public sealed class ReviewLogTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Fold_LatestVerdictWins_StarsAreSeparate_NoteKept()
    {
        var review = CampaignReview.Of(
        [
            Entry("a", ReviewDecision.Approved),
            Entry("a", ReviewDecision.Starred),
            Entry("a", ReviewDecision.Rejected, "too dark"),
            Entry("b", ReviewDecision.Approved),
            Entry("b", ReviewDecision.Cleared),
            Entry("c", ReviewDecision.Starred),
            Entry("c", ReviewDecision.Unstarred),
            Entry("c", ReviewDecision.Approved),
        ]);

        Assert.Equal(new JobReview(ReviewDecision.Rejected, true, "too dark", "ana", T0), review.For("a"));
        Assert.Null(review.For("b")!.Verdict);
        Assert.False(review.For("b")!.Starred);
        Assert.Equal(ReviewDecision.Approved, review.For("c")!.Verdict);
        Assert.False(review.For("c")!.Starred);
        Assert.Null(review.For("d"));
    }

    [Fact]
    public void Append_ThenRead_RoundTripsColumnsInContractOrder()
    {
        var path = _dir.File("review.csv");
        using (var log = ReviewLog.Open(path))
        {
            log.Append(Entry("job1", ReviewDecision.Approved, "line one\nline \"two\", with comma"));
            log.Append(Entry("job2", ReviewDecision.Starred));
        }

        var lines = File.ReadAllText(path);
        Assert.StartsWith("time,reviewer,job_id,decision,note,sha256\r\n2026-03-01T09:00:00.000Z,ana,job1,approved,", lines, StringComparison.Ordinal);
        var entries = ReviewLog.Read(path);
        Assert.Equal([Entry("job1", ReviewDecision.Approved, "line one\nline \"two\", with comma"), Entry("job2", ReviewDecision.Starred)], entries);
    }

    [Fact]
    public void Open_TornLastRow_CutOffAndNextRowStartsClean()
    {
        var path = _dir.File("review.csv");
        using (var log = ReviewLog.Open(path))
        {
            log.Append(Entry("job1", ReviewDecision.Approved));
        }

        File.AppendAllText(path, "2026-03-01T09:00:00.000Z,ana,job2,rej");
        using (var log = ReviewLog.Open(path))
        {
            log.Append(Entry("job3", ReviewDecision.Rejected));
        }

        Assert.Equal(["job1", "job3"], ReviewLog.Read(path).Select(e => e.JobId));
    }

    [Fact]
    public async Task Append_FromManyThreadsAtOnce_EveryRowWhole()
    {
        var path = _dir.File("review.csv");
        var note = new string('x', 3000) + ",\"quoted\"\n";
        using (var log = ReviewLog.Open(path))
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
            {
                for (var i = 0; i < 50; i++)
                {
                    log.Append(Entry($"t{t}-{i}", ReviewDecision.Approved, note));
                }
            })));
        }

        var entries = ReviewLog.Read(path);
        Assert.Equal(400, entries.Count);
        Assert.All(entries, e => Assert.Equal(note, e.Note));
        Assert.Equal(400, entries.Select(e => e.JobId).Distinct().Count());
    }

    private static ReviewEntry Entry(string job, ReviewDecision decision, string note = "") => new(T0, "ana", job, decision, note, "ab12");

    public void Dispose() => _dir.Dispose();
}
