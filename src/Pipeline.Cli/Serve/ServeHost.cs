using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Execution;
using Pipeline.Scheduling;

namespace Pipeline.Cli.Serve;

/// <summary>Adds the scheduler and its worker to the host of <c>pipeline serve</c>.</summary>
internal static class ServeHost
{
    /// <summary>How long the host waits for the worker after the first signal: the drain's grace period, and a margin to write the last rows.</summary>
    public static readonly TimeSpan ShutdownTimeout = Interrupts.DefaultGrace + TimeSpan.FromSeconds(30);

    public static void Configure(HostApplicationBuilder builder, ServeSession session, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(builder);
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
