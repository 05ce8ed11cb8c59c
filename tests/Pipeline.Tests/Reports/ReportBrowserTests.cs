using System.Globalization;
using Microsoft.Playwright;
using Pipeline.Audit;
using Pipeline.Manifests;
using Pipeline.Planning;
using Pipeline.Reports;
using Pipeline.Tests.Support;
using Pipeline.Domain;
using Pipeline.Records;

using Pipeline.Manifests.Reading;

namespace Pipeline.Tests.Reports;

/// <summary>
/// The report in a real browser: Playwright drives Debian's chromium over <c>file://</c>. Every grid image must load,
/// the labels must match the plan, filters must hide what they should, and a click opens the image with its
/// provenance. Screenshots go to <c>TestResults/browser/</c> for a person to look at.
/// </summary>
public sealed class ReportBrowserTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private HeadlessChromium? _chromium;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        _chromium = await HeadlessChromium.LaunchAsync();
        _browser = _chromium.Browser;
    }

    [ChromiumFact]
    public async Task ExampleReport_EveryImageLoadsLabelsMatchThePlanAndFiltersHide()
    {
        var plan = Planner.Expand(new ManifestLoader().Load(Repo.Manifest("example.yaml")));
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var page = await OpenAsync(ContactSheet.Write(folder));

        await AssertEveryImageLoadedAsync(page, expected: plan.Jobs.Count);
        await AssertLabelsMatchAsync(page, plan);

        await page.SelectOptionAsync("#filter-prompt", "kettle-hero");
        Assert.Equal(2, await page.Locator(".sheet:visible").CountAsync());
        Assert.Equal(0, await page.Locator(".sheet[data-prompt='kitchen-lifestyle']:visible").CountAsync());
        Assert.Equal(12, await page.Locator(".cell:visible").CountAsync());
        Assert.Equal("12 shown", await page.Locator("#filter-count").TextContentAsync());
        await page.SelectOptionAsync("#filter-prompt", string.Empty);
        Assert.Equal(24, await page.Locator(".cell:visible").CountAsync());

        var first = plan.Jobs[0];
        await page.Locator($".cell[data-job='{first.Id}'] button").ClickAsync();
        var dialog = page.Locator("#viewer");
        Assert.True(await dialog.IsVisibleAsync());
        Assert.Contains($"\"job_id\": \"{first.Id}\"", await page.Locator("#viewer-provenance").TextContentAsync(), StringComparison.Ordinal);
        await page.WaitForFunctionAsync("() => document.getElementById('viewer-image').complete");
        Assert.Equal(2752, await page.Locator("#viewer-image").EvaluateAsync<int>("img => img.naturalWidth"));
        await ScreenshotAsync(page, "example-viewer.png", fullPage: false);
        await page.Locator("#viewer-close").ClickAsync();
        Assert.False(await dialog.IsVisibleAsync());

        await ScreenshotAsync(page, "example-report.png", fullPage: true);
    }

    [ChromiumFact]
    public async Task Filters_ByStatusAndPrompt_HideEveryOtherCellAndEmptySheets()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var rows = CampaignAudit.Read(folder).Latest;
        var moderated = rows.First(r => r.PromptId == "kitchen-lifestyle");
        using (var log = AuditLog.Open(folder.AuditPath))
        {
            // A later run re-rendered this job and the provider moderated it: its latest outcome has no image.
            log.Append(moderated with { RunId = "29991231T000000Z-ffff", Status = JobStatus.ContentModerated, File = null, Sha256 = null, CostUsd = 0m });
        }

        var page = await OpenAsync(ContactSheet.Write(folder));

        Assert.Equal(["", "succeeded", "content_moderated"], await page.Locator("#filter-status option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)"));
        await page.SelectOptionAsync("#filter-status", "content_moderated");
        Assert.Equal([moderated.JobId], await page.Locator(".cell:visible").EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.job)"));
        Assert.Equal(1, await page.Locator(".sheet:visible").CountAsync());
        Assert.Equal(0, await page.Locator(".cell[data-status='content_moderated'] img").CountAsync());
        await page.SelectOptionAsync("#filter-prompt", "kettle-hero");
        Assert.Equal(0, await page.Locator(".sheet:visible").CountAsync());
        Assert.Equal("0 shown", await page.Locator("#filter-count").TextContentAsync());
        await page.SelectOptionAsync("#filter-status", "succeeded");
        Assert.Equal(12, await page.Locator(".cell:visible").CountAsync());
    }

    [ChromiumFact]
    public async Task StrengthSweepReport_ShowsALabelledStrengthsBySeedsGrid()
    {
        var manifest = _dir.Write("strength-sweep.yaml", SweepManifest.Yaml);
        var plan = Planner.Expand(new ManifestLoader().Load(manifest));
        var folder = await RenderedCampaigns.CopyAsync(manifest, _dir.File("out"));
        var page = await OpenAsync(ContactSheet.Write(folder));

        await AssertEveryImageLoadedAsync(page, expected: 36);
        await AssertLabelsMatchAsync(page, plan);
        Assert.Equal(SweepManifest.Strengths, await page.Locator(".sheet thead th[data-strength]").AllTextContentsAsync());
        Assert.Equal(
            SweepManifest.Seeds.Select(s => s.ToString(CultureInfo.InvariantCulture)),
            await page.Locator(".sheet tbody th[scope='row']").AllTextContentsAsync());

        await ScreenshotAsync(page, "strength-sweep-report.png", fullPage: true);
    }

    [ChromiumFact]
    public async Task SweepGrid_72Images_LoadsThumbnailsNotOriginals()
    {
        var yaml = SweepManifest.Yaml.Replace("seeds: {count: 4, start: 1000}", "seeds: {count: 8, start: 1000}", StringComparison.Ordinal)
            .Replace("max_cost_usd: 5", "max_cost_usd: 10", StringComparison.Ordinal);
        var manifest = _dir.Write("sweep-72.yaml", yaml);
        var folder = await RenderedCampaigns.CopyAsync(manifest, _dir.File("out"));
        var report = ContactSheet.Write(folder);
        var page = await OpenAsync(report);

        await AssertEveryImageLoadedAsync(page, expected: 72);
        var sources = await page.Locator(".cell img").EvaluateAllAsync<string[]>("imgs => imgs.map(i => i.currentSrc)");
        var loaded = sources.Select(src => new FileInfo(new Uri(src).LocalPath)).ToList();
        var originals = Directory.EnumerateFiles(folder.ImagesDir).Where(f => !f.EndsWith(".json", StringComparison.Ordinal)).Sum(f => new FileInfo(f).Length);

        Assert.All(loaded, file => Assert.Equal(Path.Combine(folder.ReportDir, "thumbs"), file.DirectoryName));
        var share = (double)loaded.Sum(f => f.Length) / originals;
        Assert.True(share <= 0.15, $"the grid loads {share:P1} of the originals' bytes");

        // The full view still opens the original.
        await page.Locator(".cell button").First.ClickAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('viewer-image').complete");
        Assert.Contains("/images/", await page.Locator("#viewer-image").EvaluateAsync<string>("img => img.currentSrc"), StringComparison.Ordinal);
        Assert.Equal(2048, await page.Locator("#viewer-image").EvaluateAsync<int>("img => img.naturalWidth"));
    }

    private async Task<IPage> OpenAsync(string reportPath)
    {
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(new Uri(reportPath).AbsoluteUri);
        Assert.Empty(errors);
        return page;
    }

    /// <summary>Scrolls to each lazy image in turn, waits until it has loaded or failed, and checks that it decoded.</summary>
    private static async Task AssertEveryImageLoadedAsync(IPage page, int expected)
    {
        const string ScrollAndWait = """
            async () => {
              const widths = [];
              for (const img of document.querySelectorAll('.cell img')) {
                img.scrollIntoView({ block: 'center' });
                if (!img.complete) {
                  await new Promise(done => { img.addEventListener('load', done, { once: true }); img.addEventListener('error', done, { once: true }); });
                }
                widths.push([img.getAttribute('src'), String(img.naturalWidth)]);
              }
              return widths;
            }
            """;
        var images = await page.EvaluateAsync<string[][]>(ScrollAndWait);
        Assert.Equal(expected, images.Length);
        Assert.All(images, image => Assert.True(int.Parse(image[1], CultureInfo.InvariantCulture) > 0, $"{image[0]} did not load"));
    }

    /// <summary>Every planned job sits in the sheet of its prompt and ratio, in the row of its seed and the column of its strength.</summary>
    private static async Task AssertLabelsMatchAsync(IPage page, Plan plan)
    {
        foreach (var job in plan.Jobs)
        {
            var strength = job.FinetuneStrength!.Value.ToString(CultureInfo.InvariantCulture);
            var seed = job.Seed.ToString(CultureInfo.InvariantCulture);
            var sheet = page.Locator($".sheet[data-prompt='{job.PromptId}'][data-shape='{job.AspectRatio}']");
            var columns = await sheet.Locator("thead th").AllTextContentsAsync();
            var column = columns.ToList().IndexOf(strength);
            Assert.True(column > 0, $"no column labelled {strength} for {job.PromptId} {job.AspectRatio}");
            var row = sheet.Locator("tbody tr").Filter(new LocatorFilterOptions { Has = page.Locator($"th:text-is('{seed}')") });
            var cell = row.Locator("td").Nth(column - 1).Locator(".cell");
            Assert.Equal(job.Id.Value, await cell.GetAttributeAsync("data-job"));
        }
    }

    private static async Task ScreenshotAsync(IPage page, string name, bool fullPage)
    {
        var dir = Path.Combine(Repo.Root, "TestResults", "browser");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name), FullPage = fullPage });
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
    }

    public void Dispose() => _dir.Dispose();
}
