using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Pipeline.Sandbox;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Metrics;

/// <summary><c>serve --metrics-port</c> through the real CLI: scraped while a scheduled run renders, and after it.</summary>
public sealed partial class MetricsEndpointTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Serve_MetricsPort_ScrapedDuringARunShowsJobsInFlightThenOutcomesSpendLatencyAndLastRun()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Latency = TimeSpan.FromSeconds(1) }, CancellationToken.None);
        _dir.Write("m.yaml", TestManifests.Small("metered", prompts: 2, seeds: 6, limits: "{concurrency: 4}"));
        var schedules = _dir.Write("s.yaml", $"""
            version: 1
            schedules:
              - name: hourly-metered
                manifest: m.yaml
                cron: "* * * * * ?"
                provider: bfl
                base_url: {server.BaseAddress.AbsoluteUri}
            """);
        var port = FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        using var serve = CliProcess.Start(new Dictionary<string, string> { ["BFL_API_KEY"] = "test-key-metrics" }, "serve", schedules, "--output", _dir.File("out"), "--metrics-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var during = await ScrapeUntilAsync(http, text => Value(text, "pipeline_jobs_in_flight") > 0, serve);
        var after = await ScrapeUntilAsync(http, text => Value(text, "pipeline_jobs", "status=\"succeeded\"") == 12 && text.Contains("schedule=\"hourly-metered\"", StringComparison.Ordinal), serve);
        serve.Terminate();
        Assert.True(await serve.WaitAsync(TimeSpan.FromSeconds(50)) == 0, serve.Output);

        Assert.InRange(Value(during, "pipeline_jobs_in_flight"), 1, 8);
        Assert.Equal(12 * 0.06, Value(after, "pipeline_spend_usd"), 6);
        Assert.Equal(12, Value(after, "pipeline_job_latency_seconds_count"));
        Assert.True(Value(after, "pipeline_job_latency_seconds_bucket", "le=\"0.5\"") < 12, "sandbox latency is 1 s");
        Assert.Equal(1, Value(after, "pipeline_schedule_last_run", "outcome=\"succeeded\""));
        Assert.Contains("# TYPE pipeline_job_latency_seconds histogram", after, StringComparison.Ordinal);
        Assert.DoesNotContain("test-key-metrics", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_MetricsPort_ServedOnLoopbackBeforeAnyRun()
    {
        var schedules = _dir.Write("s.yaml", "version: 1\nschedules:\n  - manifest: m.yaml\n    cron: '@yearly'\n");
        _dir.Write("m.yaml", TestManifests.Small("idle", prompts: 1, seeds: 1));
        var port = FreePort();

        using var serve = CliProcess.Start(new Dictionary<string, string>(), "serve", schedules, "--output", _dir.File("out"), "--metrics-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await CliProcess.WaitUntilAsync(() => serve.Output.Contains("next run at", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        serve.Terminate();
        Assert.True(await serve.WaitAsync(TimeSpan.FromSeconds(50)) == 0, serve.Output);

        Assert.Contains($"metrics: http://127.0.0.1:{port}/metrics", serve.Output, StringComparison.Ordinal);
        Assert.Contains("prometheus_net_meteradapter_instruments_connected 5", text, StringComparison.Ordinal);
    }

    private static async Task<string> ScrapeUntilAsync(HttpClient http, Func<string, bool> condition, CliProcess serve)
    {
        // Scrape once serve says it listens: .NET's managed HttpListener can accept a waiting connection inside its own
        // constructor, before its connection set exists, and throw (a runtime race, docs/architecture.md#43-metrics).
        await CliProcess.WaitUntilAsync(() => serve.HasExited || serve.Output.Contains($"metrics: {http.BaseAddress}metrics", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline && !serve.HasExited)
        {
            try
            {
                var text = await http.GetStringAsync("metrics");
                if (condition(text))
                {
                    return text;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("metrics never matched; serve said: " + serve.Output);
    }

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels contain <paramref name="label"/>.</summary>
    private static double Value(string text, string name, string label = "") =>
        text.Split('\n')
            .Select(l => Sample().Match(l))
            .Where(m => m.Success && m.Groups["name"].Value == name && m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal))
            .Sum(m => double.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>\S+)$")]
    private static partial Regex Sample();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => _dir.Dispose();
}
