using Pipeline.Records;
using Pipeline.Reports;
using Pipeline.Tests.Support;
using SixLabors.ImageSharp;

namespace Pipeline.Tests.Reports;

public sealed class ThumbnailsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Ensure_KeptImages_WritesOneSmallJpegPerMasterNamedByItsHash()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var rows = CampaignAudit.Read(folder).Latest;

        var links = Thumbnails.Ensure(folder, rows, CancellationToken.None);

        Assert.Equal(rows.Count(r => r.File is not null), links.Count);
        foreach (var row in rows.Where(r => r.File is not null))
        {
            Assert.Equal($"thumbs/{row.Sha256}.jpg", links[row.JobId]);
            var info = Image.Identify(Path.Combine(folder.ReportDir, links[row.JobId]));
            Assert.Equal(Thumbnails.LongSide, Math.Max(info.Width, info.Height));
        }
    }

    [Fact]
    public async Task Ensure_SecondTime_ReusesTheCachedFiles()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var rows = CampaignAudit.Read(folder).Latest;
        var first = Thumbnails.Ensure(folder, rows, CancellationToken.None);
        var written = first.Values.ToDictionary(v => v, v => File.GetLastWriteTimeUtc(Path.Combine(folder.ReportDir, v)));

        var second = Thumbnails.Ensure(folder, rows, CancellationToken.None);

        Assert.Equal(first.OrderBy(p => p.Key), second.OrderBy(p => p.Key));
        Assert.All(written, pair => Assert.Equal(pair.Value, File.GetLastWriteTimeUtc(Path.Combine(folder.ReportDir, pair.Key))));
    }

    [Fact]
    public async Task Ensure_UnreadableMaster_GetsNoThumbnail()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var rows = CampaignAudit.Read(folder).Latest;
        var damaged = rows.First(r => r.File is not null);
        await File.WriteAllTextAsync(Path.Combine(folder.Root, damaged.File!), "<html>not an image</html>");

        var links = Thumbnails.Ensure(folder, rows, CancellationToken.None);

        Assert.False(links.ContainsKey(damaged.JobId));
        Assert.Equal(rows.Count(r => r.File is not null) - 1, links.Count);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(folder.ReportDir, "thumbs"), "*.tmp"));
    }

    public void Dispose() => _dir.Dispose();
}
