using Microsoft.Playwright;

namespace Pipeline.Tests.Support;

/// <summary>
/// Debian's chromium driven by Playwright, headless, for the browser tests; no browser (<see cref="Browser"/> null) when
/// chromium is missing outside CI, where every <see cref="ChromiumFactAttribute"/> test is skipped.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--headless"];

    private readonly IPlaywright? _playwright;

    private HeadlessChromium(IPlaywright? playwright, IBrowser? browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser? Browser { get; }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        if (!File.Exists(ChromiumFactAttribute.ExecutablePath) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            return new HeadlessChromium(null, null);
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumFactAttribute.ExecutablePath, Headless = true, Args = Args });
        return new HeadlessChromium(playwright, browser);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
