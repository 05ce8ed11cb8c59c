using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Execution;
using Pipeline.Metrics;
using Pipeline.Scheduling;

namespace Pipeline.Cli.Serve;

/// <summary>Adds the scheduler and its worker to the host of <c>pipeline serve</c>.</summary>
internal static class ServeHost
{
    /// <summary>How long the host waits for the worker after the first signal: the drain's grace period, and a margin to write the last rows.</summary>
    public static readonly TimeSpan ShutdownTimeout = Interrupts.DefaultGrace + TimeSpan.FromSeconds(30);

    /// <param name="metrics">Recorded by the executor when <c>--metrics-port</c> is given; null for none.</param>
    public static void Configure(HostApplicationBuilder builder, ServeSession session, Func<string, string?> environment, PipelineMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (metrics is not null)
        {
            builder.Services.AddSingleton<IRunObserver>(metrics);
        }

        RunNotifications.AddTo(builder, environment);
        builder.Services.AddSingleton(session);
        builder.Services.AddSingleton(sp => new CampaignScheduler(
            sp.GetRequiredService<CampaignRunner>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CampaignScheduler>>()));
        builder.Services.AddHostedService<ScheduleWorker>();
        builder.Services.AddSingleton<IHostLifetime, SignalsLifetime>();
        builder.Services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = ShutdownTimeout;
            o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
        });
    }
}
