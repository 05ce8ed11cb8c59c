using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Cli.Logging;
using Pipeline.Notifications;
using Pipeline.Reports;
using Pipeline.Scheduling;

namespace Pipeline.Cli.Serve;

/// <summary>
/// Wires <see cref="WebhookNotifier"/> into the host (docs/architecture.md#42-notifications): for <c>serve</c>, every
/// firing that ends notifies its entry's webhook; for <c>run --notify</c>, the one run does.
/// </summary>
internal static class RunNotifications
{
    /// <summary>How long a stopping process keeps trying to deliver what is queued.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(15);

    private const string Client = "webhooks";

    public static void AddTo(HostApplicationBuilder builder, Func<string, string?> environment)
    {
        builder.Services.AddHttpClient(Client, c => c.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton(sp => new WebhookNotifier(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(Client),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Pipeline.Notifications"),
            SecretRedactor.From(environment).Redact));
    }

    /// <summary>Notifies each entry's webhook when its firing ends (a skipped firing says nothing).</summary>
    public static void Attach(CampaignScheduler scheduler, WebhookNotifier notifier)
    {
        scheduler.RunEnded += run =>
        {
            if (run.Entry.Notify is null || run.Summary is null && run.Outcome == ScheduledRunOutcome.Skipped)
            {
                return;
            }

            if (run.Summary is not null && run.Folder is { } folder)
            {
                // serve renders without a console; the report link in the message must lead somewhere.
                TryWriteReport(folder);
            }

            if (ScheduledNotice.For(run) is { } notice)
            {
                notifier.Notify(run.Entry.Notify, notice);
            }
        };
    }

    /// <summary>For <c>run --notify</c>: sends one notice and waits for its delivery (retries included), at most <see cref="DrainTimeout"/>.</summary>
    public static async Task SendOnceAsync(Uri webhook, RunNotice notice, Func<string, string?> environment)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var notifier = new WebhookNotifier(http, TimeProvider.System, redact: SecretRedactor.From(environment).Redact);
        await using (notifier)
        {
            notifier.Notify(new NotifySettings(webhook, NotifySettings.Always), notice);
            await notifier.DrainAsync(DrainTimeout);
        }
    }

    private static void TryWriteReport(Records.CampaignFolder folder)
    {
        try
        {
            ContactSheet.Refresh(folder, provider: null);
        }
        catch (IOException)
        {
            // Auxiliary: the notice goes out without the link.
        }
    }
}
