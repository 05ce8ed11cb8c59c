using Pipeline.Publishing;
using Pipeline.Records;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Publishing;

/// <summary><see cref="PublishSelection"/> over hand-made <c>review.csv</c> and <c>renditions.csv</c> files.</summary>
public sealed class PublishSelectionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Files_All_EveryVerifiedImageWithSidecarThenTheAuditLog()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);

        var items = PublishSelection.Files(folder, Selection.All, []);

        Assert.Equal(24, items.Count(i => i.Kind == PublishItemKind.Image));
        Assert.Equal(24, items.Count(i => i.Kind == PublishItemKind.Sidecar));
        Assert.Contains(items, i => i.RelativePath == "audit.csv" && i.Kind == PublishItemKind.Record);
        Assert.All(items.Where(i => i.Kind == PublishItemKind.Image), i => Assert.NotNull(i.ExpectedSha256));
    }

    [Fact]
    public async Task Files_Approved_LatestApprovalDecisionWinsAndAStaleShaIsNotTaken()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var rows = CampaignAudit.Read(folder).Latest;
        var (a, b, c, d) = (rows[0], rows[1], rows[2], rows[3]);
        WriteReview(folder,
            Review(a.JobId, "approved", a.Sha256),
            Review(b.JobId, "approved", b.Sha256),
            Review(b.JobId, "rejected", b.Sha256),
            Review(c.JobId, "approved", "0000stale"),
            Review(d.JobId, "rejected", d.Sha256),
            Review(d.JobId, "starred", d.Sha256),
            Review(d.JobId, "approved", string.Empty));

        var images = PublishSelection.Files(folder, Selection.Approved, []).Where(i => i.Kind == PublishItemKind.Image).Select(i => i.JobId).ToList();

        Assert.Equal([a.JobId, d.JobId], images);
    }

    [Fact]
    public async Task Files_Starred_StarsAreSeparateFromApproval()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var rows = CampaignAudit.Read(folder).Latest;
        WriteReview(folder,
            Review(rows[0].JobId, "starred", rows[0].Sha256),
            Review(rows[0].JobId, "rejected", rows[0].Sha256),
            Review(rows[1].JobId, "starred", rows[1].Sha256),
            Review(rows[1].JobId, "unstarred", rows[1].Sha256),
            Review(rows[2].JobId, "approved", rows[2].Sha256));

        var images = PublishSelection.Files(folder, Selection.Starred, []).Where(i => i.Kind == PublishItemKind.Image).Select(i => i.JobId).ToList();

        Assert.Equal([rows[0].JobId], images);
    }

    [Fact]
    public async Task Files_Rendition_AddsTheNamedSucceededRenditionsOfSelectedImagesOnly()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var rows = CampaignAudit.Read(folder).Latest;
        _dir.Write(Path.Combine(folder.Root, "renditions.csv"), string.Join("\n",
            "run_id,job_id,rendition,file,format,width,height,bytes,sha256,source_sha256,status,detail,created_at",
            $"r1,{rows[0].JobId},web,renditions/web/a.webp,webp,10,10,5,aaa,{rows[0].Sha256},succeeded,,2026-01-01T00:00:00Z",
            $"r1,{rows[1].JobId},web,renditions/web/b.webp,webp,10,10,5,bbb,{rows[1].Sha256},failed,too big,2026-01-01T00:00:00Z",
            $"r1,{rows[2].JobId},feed,renditions/feed/c.jpg,jpeg,10,10,5,ccc,{rows[2].Sha256},succeeded,,2026-01-01T00:00:00Z",
            $"r1,{rows[3].JobId},web,renditions/web/d.webp,webp,10,10,5,ddd,0000old,succeeded,,2026-01-01T00:00:00Z") + "\n");

        var renditions = PublishSelection.Files(folder, Selection.All, ["web"]).Where(i => i.Kind == PublishItemKind.Rendition).ToList();

        var only = Assert.Single(renditions);
        Assert.Equal(("renditions/web/a.webp", "aaa", rows[0].JobId), (only.RelativePath, only.ExpectedSha256, only.JobId));
    }

    private void WriteReview(CampaignFolder folder, params string[] rows) =>
        _dir.Write(Path.Combine(folder.Root, "review.csv"), "time,reviewer,job_id,decision,note,sha256\n" + string.Join("\n", rows) + "\n");

    private static string Review(string job, string decision, string? sha) => $"2026-01-01T00:00:00Z,ana,{job},{decision},\"a note, with a comma\",{sha}";

    public void Dispose() => _dir.Dispose();
}
