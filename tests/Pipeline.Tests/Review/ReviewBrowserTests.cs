using Microsoft.Playwright;
using Pipeline.Records;
using Pipeline.Review;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Review;

/// <summary>
/// A review of the 36-image strength sweep in Debian's chromium, by keyboard: approve, reject, star, note, compare,
/// the full view with prev/next; a reload; two browsers at once; and the real <c>pipeline review</c> process.
/// Screenshots go to <c>TestResults/browser/</c>.
/// </summary>
public sealed class ReviewBrowserTests : IAsyncLifetime, IDisposable
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
    public async Task Review_ByKeyboard_DecisionsShowAtOnceAndSurviveAReload()
    {
        var folder = await SweepAsync();
        await using var server = await ReviewServer.StartAsync(folder, new ReviewOptions { Reviewer = "ana" }, CancellationToken.None);
        var (page, errors) = await OpenAsync(await _browser!.NewContextAsync(Viewport()), server.Url);
        var cells = await page.Locator(".cell").EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.job)");
        Assert.Equal(36, cells.Length);
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal);

        await page.Keyboard.PressAsync("ArrowRight"); // focuses the first cell: seed 1000, strength 0
        await page.Keyboard.PressAsync("a");
        Assert.Equal("approved", await Cell(page, cells[0]).GetAttributeAsync("data-decision"));
        Assert.Contains("approved", await Cell(page, cells[0]).Locator(".decision").TextContentAsync(), StringComparison.Ordinal);
        await page.Keyboard.PressAsync("ArrowRight"); // strength 0.25
        await page.Keyboard.PressAsync("r");
        await page.Keyboard.PressAsync("ArrowDown"); // seed 1001, strength 0.25
        await page.Keyboard.PressAsync("s");
        await page.Keyboard.PressAsync("n");
        await page.Locator("#note-text").FillAsync("warmer light, keep");
        await page.Locator("#note-text").PressAsync("Enter");
        var starred = cells[9 + 1];
        await Expect(page, $".cell[data-job='{starred}'][data-starred='true'][data-note='warmer light, keep']");
        await page.Keyboard.PressAsync("ArrowUp");
        await page.Keyboard.PressAsync("u"); // clears the rejection of strength 0.25
        await Expect(page, $".cell[data-job='{cells[1]}'][data-decision='']");

        // Compare two cells at full size.
        await page.Keyboard.PressAsync("c");
        await page.Keyboard.PressAsync("ArrowLeft");
        await page.Keyboard.PressAsync("c");
        await page.Keyboard.PressAsync("v");
        Assert.True(await page.Locator("#compare").IsVisibleAsync());
        Assert.Equal([cells[0], cells[1]], await page.Locator("#compare-images figure").EvaluateAllAsync<string[]>("f => f.map(x => x.dataset.job)"));
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#compare-images img')].every(i => i.complete && i.naturalWidth === 2048)");
        await ScreenshotAsync(page, "review-compare.png");
        await page.Keyboard.PressAsync("Escape");

        // The full view: Enter opens it, arrows step, keys decide on the image shown.
        await page.Keyboard.PressAsync("Enter");
        Assert.True(await page.Locator("#viewer").IsVisibleAsync());
        Assert.Equal("1 of 36", await page.Locator("#viewer-position").TextContentAsync());
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowRight");
        Assert.Equal("3 of 36", await page.Locator("#viewer-position").TextContentAsync());
        await page.Keyboard.PressAsync("a");
        await Expect(page, "#viewer-decision:text-is('✓ approved')");
        await page.Locator("#viewer-prev").ClickAsync();
        Assert.Equal("2 of 36", await page.Locator("#viewer-position").TextContentAsync());
        await ScreenshotAsync(page, "review-viewer.png");
        await page.Keyboard.PressAsync("Escape");
        await ScreenshotAsync(page, "review-grid.png", fullPage: true);

        await CliProcess.WaitUntilAsync(() => ReviewLog.Read(folder.ReviewPath).Count == 6, TimeSpan.FromSeconds(10));
        await page.ReloadAsync();
        await Expect(page, $".cell[data-job='{cells[0]}'][data-decision='approved']");
        await Expect(page, $".cell[data-job='{cells[2]}'][data-decision='approved']");
        await Expect(page, $".cell[data-job='{starred}'][data-starred='true'][data-note='warmer light, keep']");
        Assert.Equal("", await Cell(page, cells[1]).GetAttributeAsync("data-decision"));
        Assert.Equal("2 approved · 0 rejected · 1 starred · 34 undecided", await page.Locator("#decision-counts").TextContentAsync());
        await page.SelectOptionAsync("#filter-decision", "approved");
        Assert.Equal(2, await page.Locator(".cell:visible").CountAsync());
        Assert.Empty(errors);

        // Read back with CsvHelper; a page's requests may reach the server in any order, so compare per job.
        var rows = ReviewLog.Read(folder.ReviewPath);
        (string, string)[] expected = [(cells[0], "approved"), (cells[1], "cleared"), (cells[1], "rejected"), (cells[2], "approved"), (starred, "cleared"), (starred, "starred")];
        Assert.Equal(expected.Order(), rows.Select(r => (r.JobId, r.Decision.ToWire())).Order());
        Assert.Equal("warmer light, keep", Assert.Single(rows, r => r.Note.Length > 0).Note);
        Assert.All(rows, r => Assert.Equal("ana", r.Reviewer));
    }

    [ChromiumFact]
    public async Task StaticReport_WithDecisions_ShowsCountsChartStickyHeadersFiltersAndPrevNext()
    {
        var folder = await SweepAsync();
        var jobs = CampaignAudit.Read(folder).Latest;
        var first = jobs.Single(r => r.Seed == 1000 && r.FinetuneStrength == 0m); // the grid's first cell
        using (var log = ReviewLog.Open(folder.ReviewPath))
        {
            var t = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
            foreach (var row in jobs.Where(r => r.FinetuneStrength == 1m))
            {
                log.Append(new ReviewEntry(t, "ana", row.JobId, row.Seed == 1000 ? ReviewDecision.Rejected : ReviewDecision.Approved, string.Empty, row.Sha256));
            }

            log.Append(new ReviewEntry(t, "ana", first.JobId, ReviewDecision.Starred, "first", first.Sha256));
        }

        var (page, errors) = await OpenAsync(await _browser!.NewContextAsync(Viewport()), new Uri(Pipeline.Reports.ContactSheet.Write(folder)));

        Assert.Equal("3", await page.Locator("#approval dd[data-key='approved']").TextContentAsync());
        Assert.Equal("1", await page.Locator("#approval dd[data-key='rejected']").TextContentAsync());
        Assert.Equal("0.75", await page.Locator("#approval .bar[data-strength='1']").GetAttributeAsync("data-rate"));
        Assert.Equal("", await page.Locator("#approval .bar[data-strength='0.5']").GetAttributeAsync("data-rate"));
        Assert.Equal("sandbox", await page.Locator(".cell .provider").First.TextContentAsync());

        // Nine strengths are wider than the window: the grid scrolls, its axis headers stay in view.
        var rowHeader = page.Locator(".sheet tbody th").First;
        var before = await rowHeader.BoundingBoxAsync();
        await page.Locator(".scroller").First.EvaluateAsync("s => s.scrollLeft = 800");
        Assert.True(await page.Locator(".scroller").First.EvaluateAsync<int>("s => s.scrollLeft") > 0);
        Assert.Equal(before!.X, (await rowHeader.BoundingBoxAsync())!.X, 1);
        await ScreenshotAsync(page, "report-decisions.png", fullPage: true);

        await page.SelectOptionAsync("#filter-strength", "1");
        Assert.Equal(4, await page.Locator(".cell:visible").CountAsync());
        Assert.Equal(["1"], await page.Locator(".sheet thead th[data-strength]:visible").AllTextContentsAsync());
        await page.SelectOptionAsync("#filter-decision", "approved");
        Assert.Equal("3 shown", await page.Locator("#filter-count").TextContentAsync());
        await page.SelectOptionAsync("#filter-strength", "");
        await page.SelectOptionAsync("#filter-decision", "starred");
        Assert.Equal([first.JobId], await page.Locator(".cell:visible").EvaluateAllAsync<string[]>("c => c.map(x => x.dataset.job)"));
        await page.SelectOptionAsync("#filter-decision", "");
        await page.SelectOptionAsync("#filter-provider", "sandbox");
        await page.SelectOptionAsync("#filter-ratio", "1:1");
        Assert.Equal(36, await page.Locator(".cell:visible").CountAsync());

        await page.Locator(".cell button.open").First.ClickAsync();
        await page.Locator("#viewer-next").ClickAsync();
        Assert.Equal("2 of 36", await page.Locator("#viewer-position").TextContentAsync());
        await page.Keyboard.PressAsync("ArrowLeft");
        Assert.Equal("1 of 36", await page.Locator("#viewer-position").TextContentAsync());
        Assert.Contains("★", await page.Locator("#viewer-decision").TextContentAsync(), StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [ChromiumFact]
    public async Task Review_TwoBrowsersAtOnce_EveryRowWholeAndEachSeesTheOthers()
    {
        var folder = await SweepAsync();
        await using var server = await ReviewServer.StartAsync(folder, new ReviewOptions { Reviewer = "team" }, CancellationToken.None);
        var (first, _) = await OpenAsync(await _browser!.NewContextAsync(Viewport()), server.Url);
        var (second, _) = await OpenAsync(await _browser!.NewContextAsync(Viewport()), server.Url);

        static async Task Sweep(IPage page, int skip, string key)
        {
            await page.Locator(".cell button.open").Nth(skip).FocusAsync();
            for (var i = 0; i < 18; i++)
            {
                await page.Keyboard.PressAsync(key);
                await page.Keyboard.PressAsync("ArrowRight");
            }
        }

        await Task.WhenAll(Sweep(first, 0, "a"), Sweep(second, 18, "r"));

        await CliProcess.WaitUntilAsync(() => ReviewLog.Read(folder.ReviewPath).Count == 36, TimeSpan.FromSeconds(15));
        var rows = ReviewLog.Read(folder.ReviewPath);
        Assert.Equal(36, rows.Select(r => r.JobId).Distinct().Count());
        Assert.Equal(18, rows.Count(r => r.Decision == ReviewDecision.Approved));
        Assert.Equal(18, rows.Count(r => r.Decision == ReviewDecision.Rejected));
        Assert.DoesNotContain("\"", File.ReadAllText(folder.ReviewPath), StringComparison.Ordinal);
        // Each page polls the server and paints the other's decisions.
        await first.WaitForFunctionAsync("() => document.querySelectorAll(\".cell[data-decision='rejected']\").length === 18", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        await second.WaitForFunctionAsync("() => document.querySelectorAll(\".cell[data-decision='approved']\").length === 18", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
    }

    [ChromiumFact]
    public async Task ReviewCommand_FirstLineIsTheUrl_403WithoutToken_DecidesAndStopsOnSigterm()
    {
        var folder = await SweepAsync();
        using var cli = CliProcess.Start(new Dictionary<string, string>(), "review", folder.Root, "--reviewer", "bo");
        await CliProcess.WaitUntilAsync(() => cli.Output.Contains('\n', StringComparison.Ordinal) || cli.HasExited, TimeSpan.FromSeconds(30));
        var first = cli.Output.Split('\n')[0].TrimEnd('\r');
        Assert.StartsWith("review: http://127.0.0.1:", first, StringComparison.Ordinal);
        var url = new Uri(first["review: ".Length..]);
        Assert.Matches("^\\?token=[A-Za-z0-9_-]{43}$", url.Query);

        using (var client = new HttpClient())
        {
            using var denied = await client.GetAsync(new Uri(url, "/"));
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, denied.StatusCode);
        }

        Assert.Equal(404, await RawHttp.StatusAsync(url, "/%2e%2e/audit.csv", "X-Review-Token: " + url.Query["?token=".Length..]));
        var (page, errors) = await OpenAsync(await _browser!.NewContextAsync(Viewport()), url);
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("s");
        await CliProcess.WaitUntilAsync(() => ReviewLog.Read(folder.ReviewPath) is [{ Reviewer: "bo", Decision: ReviewDecision.Starred }], TimeSpan.FromSeconds(10));
        Assert.Empty(errors);

        cli.Terminate();
        Assert.Equal(0, await cli.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    private async Task<CampaignFolder> SweepAsync() =>
        await RenderedCampaigns.CopyAsync(_dir.Write("strength-sweep.yaml", SweepManifest.Yaml), _dir.File("out"));

    private static BrowserNewContextOptions Viewport() => new() { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } };

    private static async Task<(IPage Page, List<string> Errors)> OpenAsync(IBrowserContext context, Uri url)
    {
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(url.AbsoluteUri, new PageGotoOptions { Timeout = 90_000 });
        return (page, errors);
    }

    private static ILocator Cell(IPage page, string job) => page.Locator($".cell[data-job='{job}']");

    private static Task Expect(IPage page, string selector) =>
        page.Locator(selector).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 10_000 });

    private static async Task ScreenshotAsync(IPage page, string name, bool fullPage = false)
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
