using Pipeline.Records;
using Pipeline.Reports;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Reports;

/// <summary>
/// <c>.report-inputs</c>: a run that changes nothing leaves <c>report/index.html</c> alone; any change to what the page
/// shows rebuilds it (docs/architecture.md#45-a-rerun-of-a-finished-campaign).
/// </summary>
public sealed class ReportInputsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Refresh_NothingChanged_LeavesThePageUnwritten()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var path = ContactSheet.Write(folder, "sandbox");
        var written = FileStamp.Of(path);

        var refreshed = ContactSheet.Refresh(folder, "sandbox");

        Assert.Equal(path, refreshed);
        Assert.Equal(written, FileStamp.Of(path));
    }

    [Fact]
    public async Task Refresh_AuditRowAppended_RebuildsThePageFromIt()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var path = ContactSheet.Write(folder, "sandbox");
        var last = File.ReadAllLines(folder.AuditPath)[^1];
        File.AppendAllText(folder.AuditPath, last.Replace(",succeeded,", ",failed,", StringComparison.Ordinal) + "\n");

        ContactSheet.Refresh(folder, "sandbox");

        Assert.Equal("23", ReportHtml.Load(path).Summary("succeeded"));
    }

    [Fact]
    public async Task Refresh_ReviewDecisionRecorded_RebuildsThePage()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var path = ContactSheet.Write(folder, "sandbox");
        var written = FileStamp.Of(path);
        var job = AuditReader.Read(folder.AuditPath)[0];
        using (var review = ReviewLog.Open(folder.ReviewPath))
        {
            review.Append(new ReviewEntry(DateTimeOffset.UnixEpoch, "ana", job.JobId, ReviewDecision.Approved, "on brand", job.Sha256));
        }

        ContactSheet.Refresh(folder, "sandbox");

        Assert.NotEqual(written, FileStamp.Of(path));
    }

    [Fact]
    public async Task Refresh_RenditionsLogChanged_RebuildsThePage()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var path = ContactSheet.Write(folder, "sandbox");
        var written = FileStamp.Of(path);
        File.WriteAllText(folder.RenditionsLogPath, string.Join(",", RenditionRow.Columns) + "\n");

        ContactSheet.Refresh(folder, "sandbox");

        Assert.NotEqual(written, FileStamp.Of(path));
    }

    [Fact]
    public async Task Refresh_AnotherProvider_RebuildsThePageForIt()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var path = ContactSheet.Write(folder, "sandbox");

        ContactSheet.Refresh(folder, "bfl");

        Assert.Equal("0", ReportHtml.Load(path).Summary("jobs"));
    }

    [Fact]
    public async Task Refresh_PageDeleted_WritesItAgain()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var path = ContactSheet.Write(folder, "sandbox");
        File.Delete(path);

        ContactSheet.Refresh(folder, "sandbox");

        Assert.Equal("24", ReportHtml.Load(path).Summary("succeeded"));
    }

    public void Dispose() => _dir.Dispose();
}
