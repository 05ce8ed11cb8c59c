using System.Text.Json;
using Pipeline.Records;
using Pipeline.Sandbox;
using Pipeline.Tests.Cli;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Notifications;

/// <summary><c>run --notify</c> and <c>serve</c>'s <c>notify</c> through the real CLI, into a local webhook.</summary>
public sealed class NotifyCommandTests : IDisposable
{
    private const string Key = "test-key-notify-123";
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Run_WithNotify_PostsOneSlackCompatibleSummaryOfTheRun()
    {
        using var hook = new WebhookListener();
        var manifest = _dir.Write("m.yaml", TestManifests.Small("notified", prompts: 2, seeds: 2));

        var (exit, output, error) = await CliRunner.RunAsync("run", manifest, "--output", _dir.File("out"), "--notify", hook.Url.AbsoluteUri);

        Assert.True(exit == 0, output + error);
        using var json = JsonDocument.Parse(Assert.Single(hook.Accepted));
        Assert.StartsWith("pipeline: notified succeeded: 4 succeeded", json.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
        var pipeline = json.RootElement.GetProperty("pipeline");
        Assert.Equal("succeeded", pipeline.GetProperty("outcome").GetString());
        Assert.Equal(4, pipeline.GetProperty("counts").GetProperty("succeeded").GetInt32());
        Assert.EndsWith(Path.Combine("notified", "report", "index.html"), pipeline.GetProperty("report").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(pipeline.GetProperty("run_id").GetString()));
    }

    [Fact]
    public async Task Serve_ScheduledRunWithNotify_WebhookReceivesTheRunsSummaryWithoutTheKey()
    {
        using var hook = new WebhookListener(500);
        await using var server = await SandboxServer.StartAsync(new SandboxOptions(), CancellationToken.None);
        _dir.Write("m.yaml", TestManifests.Small("served-notify", prompts: 2, seeds: 3));
        var schedules = _dir.Write("s.yaml", $"""
            version: 1
            notify: {"{"}webhook: "{hook.Url.AbsoluteUri}", on: [succeeded, failed]{"}"}
            schedules:
              - name: nightly
                manifest: m.yaml
                cron: "0/2 * * * * ?"
                provider: bfl
                base_url: {server.BaseAddress.AbsoluteUri}
            """);

        using (var serve = CliProcess.Start(new Dictionary<string, string> { ["BFL_API_KEY"] = Key }, "serve", schedules, "--output", _dir.File("out")))
        {
            // The cron fires every 2 s: while the first run's notice waits out the 500, a later firing's (nothing left to
            // render) may be accepted first, so wait for the notice of the run that rendered.
            await CliProcess.WaitUntilAsync(() => hook.Accepted.Any(RenderedSix), TimeSpan.FromSeconds(90));
            serve.Terminate();
            Assert.True(await serve.WaitAsync(TimeSpan.FromSeconds(50)) == 0, serve.Output);
        }

        var body = hook.Accepted.First(RenderedSix);
        using var json = JsonDocument.Parse(body);
        var pipeline = json.RootElement.GetProperty("pipeline");
        Assert.Equal("served-notify", pipeline.GetProperty("campaign").GetString());
        Assert.Equal("nightly", pipeline.GetProperty("schedule").GetString());
        Assert.Equal("succeeded", pipeline.GetProperty("outcome").GetString());
        Assert.Equal(6, pipeline.GetProperty("counts").GetProperty("succeeded").GetInt32());
        Assert.True(File.Exists(pipeline.GetProperty("report").GetString()));
        Assert.Equal(CampaignAudit.Read(CampaignFolder.For(_dir.File("out"), "served-notify")).Rows[0].RunId, pipeline.GetProperty("run_id").GetString());
        Assert.DoesNotContain(Key, string.Concat(hook.Bodies), StringComparison.Ordinal);
        Assert.True(hook.Bodies.Count >= 2, "the first answer (500) was retried");
    }

    public void Dispose() => _dir.Dispose();

    private static bool RenderedSix(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("pipeline").GetProperty("counts").TryGetProperty("succeeded", out var succeeded) && succeeded.GetInt32() == 6;
    }
}
