using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Reports;
using Pipeline.Tests.Support;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Tests.Reports;

/// <summary>The structure of <c>report/index.html</c> for real rendered campaigns and for hand-written audit logs.</summary>
public sealed class ContactSheetTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Write_ExampleCampaign_OneSweepGridPerPromptAndRatioWithSeedRowsAndStrengthColumns()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);

        var path = ContactSheet.Write(folder);

        Assert.Equal(Path.Combine(folder.ReportDir, "index.html"), path);
        var report = ReportHtml.Load(path);
        Assert.Equal(
            [("kettle-hero", "16:9"), ("kettle-hero", "1:1"), ("kitchen-lifestyle", "16:9"), ("kitchen-lifestyle", "1:1")],
            report.Sheets.Select(s => (s.Prompt, s.Shape)));
        Assert.All(report.Sheets, sheet =>
        {
            Assert.Equal(["0.8", "1.0", "1.2"], sheet.Strengths);
            Assert.Equal(["11", "12"], sheet.Seeds);
            Assert.Equal(6, sheet.Cells.Count);
            Assert.Equal(0, sheet.NotPlanned);
            Assert.All(sheet.Cells, cell =>
            {
                Assert.Equal("succeeded", cell.Status);
                Assert.StartsWith("thumbs/", cell.Image, StringComparison.Ordinal);
                Assert.True(File.Exists(Path.Combine(folder.ReportDir, cell.Image!)), cell.Image);
                Assert.StartsWith("../images/", cell.Original, StringComparison.Ordinal);
                Assert.True(File.Exists(Path.Combine(folder.ReportDir, cell.Original)), cell.Original);
            });
        });
        Assert.Equal(24, report.Sheets.SelectMany(s => s.Cells).Select(c => c.Job).Distinct().Count());
    }

    [Fact]
    public async Task Write_ExampleCampaign_SummaryHeaderAndProvenanceOfEveryJob()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);

        var report = ReportHtml.Load(ContactSheet.Write(folder));

        Assert.Equal(("24", "24", "100%", "$1.68"), (report.Summary("jobs"), report.Summary("succeeded"), report.Summary("pass-rate"), report.Summary("spend")));
        Assert.Matches(@"^\d+\.\d+ s / \d+\.\d+ s$", report.Summary("latency"));
        var provenance = report.Provenance;
        Assert.Equal(24, provenance.Count);
        foreach (var (job, record) in provenance)
        {
            Assert.Equal(job, record!["sidecar"]!["job_id"]!.GetValue<string>());
            Assert.Equal("succeeded", record["status"]!.GetValue<string>());
            Assert.Equal(64, record["sidecar"]!["manifest_sha256"]!.GetValue<string>().Length);
        }
    }

    [Fact]
    public async Task Write_StrengthSweep_LabelledStrengthsBySeedsGrid()
    {
        var manifest = _dir.Write("strength-sweep.yaml", SweepManifest.Yaml);
        var folder = await RenderedCampaigns.CopyAsync(manifest, _dir.File("out"));

        var sheet = Assert.Single(ReportHtml.Load(ContactSheet.Write(folder)).Sheets);

        Assert.Equal(("kettle-hero", "1:1"), (sheet.Prompt, sheet.Shape));
        Assert.Equal(SweepManifest.Strengths, sheet.Strengths);
        Assert.Equal(SweepManifest.Seeds.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)), sheet.Seeds);
        Assert.Equal(36, sheet.Cells.Count);
        // Row-major: each row is one seed, each column one strength, in label order.
        Assert.Equal(
            SweepManifest.Seeds.SelectMany(seed => SweepManifest.Strengths.Select(s => (seed.ToString(System.Globalization.CultureInfo.InvariantCulture), s))),
            sheet.Cells.Select(c => (c.Seed, c.Strength)));
    }

    [Fact]
    public void Write_TwoFinetunesAModeratedJobAndAGap_SheetPerFinetuneBadgeWithoutImageAndPlaceholder()
    {
        var folder = new CampaignFolder(_dir.Path);
        using (var log = AuditLog.Open(folder.AuditPath))
        {
            log.Append(Some.Row("aaaaaaaaaaaaaaaa") with { FinetuneId = "brand-v3", FinetuneStrength = 0.8m, Seed = 1 });
            log.Append(Some.Row("bbbbbbbbbbbbbbbb", JobStatus.ContentModerated) with { FinetuneId = "brand-v3", FinetuneStrength = 1.2m, Seed = 2, File = null, CostUsd = 0m });
            log.Append(Some.Row("cccccccccccccccc") with { FinetuneId = "brand-v4", FinetuneStrength = 1m, Seed = 1 });
        }

        var sheets = ReportHtml.Load(ContactSheet.Write(folder)).Sheets;

        Assert.Equal(["brand-v3", "brand-v4"], sheets.Select(s => s.Finetune));
        Assert.Equal("kettle-hero · 16:9 · brand-v3", sheets[0].Heading);
        Assert.Equal(2, sheets[0].NotPlanned);
        var moderated = sheets[0].Cells.Single(c => c.Job == "bbbbbbbbbbbbbbbb");
        Assert.Equal(("content_moderated", null), (moderated.Status, moderated.Image));
    }

    [Fact]
    public void Write_PromptWithMarkup_IsEscapedInPageAndData()
    {
        var folder = new CampaignFolder(_dir.Path);
        using (var log = AuditLog.Open(folder.AuditPath))
        {
            log.Append(Some.Row(prompt: "</script><script>alert(1)</script>") with { Detail = "</script>" });
        }

        var html = File.ReadAllText(ContactSheet.Write(folder));

        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.Equal(3, html.Split("</script>").Length); // the data block and the page script only
    }

    public void Dispose() => _dir.Dispose();
}
