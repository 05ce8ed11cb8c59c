using System.Text.Json;
using Pipeline.Notifications;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Notifications;

public sealed class WebhookNotifierTests
{
    private static readonly RunNotice Notice = new("acme-spring", "nightly", "20260101T000000Z-ab12", RunEnding.Failed,
        new Dictionary<string, int> { ["succeeded"] = 22, ["failed"] = 2 }, 24, 0, 1.68m, 3.36m, "/out/acme-spring/report/index.html", "BFL_API_KEY=sk-live-123456 leaked");

    [Fact]
    public async Task Notify_WebhookAnswers500Twice_RetriedUntilDeliveredOnceWithTheRedactedPayload()
    {
        using var hook = new WebhookListener(500, 503);
        using var http = new HttpClient();
        var notifier = new WebhookNotifier(http, TimeProvider.System, redact: s => s.Replace("sk-live-123456", "***", StringComparison.Ordinal), firstRetryDelay: TimeSpan.FromMilliseconds(10));

        notifier.Notify(new NotifySettings(hook.Url, NotifySettings.Always), Notice);
        await notifier.DrainAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(3, hook.Bodies.Count);
        Assert.Equal(1, notifier.Delivered);
        using var json = JsonDocument.Parse(Assert.Single(hook.Accepted));
        var text = json.RootElement.GetProperty("text").GetString()!;
        Assert.StartsWith("pipeline: acme-spring (schedule nightly) failed: 22 succeeded, 2 failed; spent $1.68", text, StringComparison.Ordinal);
        var pipeline = json.RootElement.GetProperty("pipeline");
        Assert.Equal("20260101T000000Z-ab12", pipeline.GetProperty("run_id").GetString());
        Assert.Equal(2, pipeline.GetProperty("counts").GetProperty("failed").GetInt32());
        Assert.Equal(1.68m, pipeline.GetProperty("spent_usd").GetDecimal());
        Assert.Equal("/out/acme-spring/report/index.html", pipeline.GetProperty("report").GetString());
        Assert.DoesNotContain("sk-live-123456", hook.Accepted.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notify_EndingNotInOn_PostsNothing()
    {
        using var hook = new WebhookListener();
        using var http = new HttpClient();
        var notifier = new WebhookNotifier(http, TimeProvider.System);

        notifier.Notify(new NotifySettings(hook.Url, new HashSet<RunEnding> { RunEnding.Succeeded }), Notice);
        await notifier.DrainAsync(TimeSpan.FromSeconds(5));

        Assert.Empty(hook.Bodies);
    }

    [Fact]
    public async Task Notify_WebhookUnreachable_ReturnsAtOnceAndGivesUpWithoutThrowing()
    {
        using var http = new HttpClient();
        var notifier = new WebhookNotifier(http, TimeProvider.System, firstRetryDelay: TimeSpan.FromMilliseconds(1));
        var started = System.Diagnostics.Stopwatch.StartNew();

        notifier.Notify(new NotifySettings(new Uri("http://127.0.0.1:9/hook"), NotifySettings.Always), Notice);

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(1), "Notify only enqueues");
        await notifier.DrainAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(1, notifier.Failed);
    }
}
