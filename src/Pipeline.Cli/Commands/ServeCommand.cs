using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pipeline.Cli.Logging;
using Pipeline.Cli.Serve;
using Pipeline.Records;
using Pipeline.Metrics;
using Pipeline.Notifications;
using Pipeline.Scheduling;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>pipeline serve &lt;schedules.yaml&gt; [--output DIR]</c>: a Generic Host worker that runs campaigns on their cron
/// schedules until SIGTERM/Ctrl+C. Exit 0 when it stopped with nothing unfinished, 130 when a run was interrupted
/// (the next start resumes it), 2 when the schedules file or a manifest in it is invalid (nothing was run).
/// </summary>
internal static class ServeCommand
{
    public static Command Create(Func<string, string?> environment, Interrupts? interrupts)
    {
        var schedules = new Argument<string>("schedules") { Description = "Path to the schedules file (YAML; see schemas/schedules.schema.json)." };
        var output = new Option<string?>("--output") { Description = "Folder that holds campaign folders, for entries without their own output (default: output/ of each manifest's project, as run)." };
        var metricsPort = new Option<int?>("--metrics-port") { Description = "Serve Prometheus metrics at http://127.0.0.1:N/metrics (jobs by status, spend, latency, jobs in flight, each schedule's last outcome)." };
        metricsPort.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } port && port is < 1 or > 65535)
            {
                result.AddError("--metrics-port must be 1-65535.");
            }
        });
        var command = new Command("serve", "Run campaign manifests on cron schedules until SIGTERM or Ctrl+C; a run never overlaps another of the same campaign.")
        {
            schedules, output, metricsPort,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var io = parse.InvocationConfiguration;
            ScheduleFile file;
            try
            {
                file = ScheduleLoader.Load(parse.GetRequiredValue(schedules));
            }
            catch (Exception ex) when (InputErrors.TryReport(ex, io.Error))
            {
                return ExitCodes.InvalidInput;
            }

            var outputRoot = parse.GetValue(output) is { } explicitRoot ? Path.GetFullPath(explicitRoot) : null;
            var session = new ServeSession(file, outputRoot, cancellationToken);
            var log = GlobalOptions.LogFor(parse, LogSettings.DefaultFile(outputRoot ?? OutputLocation.For(parse.GetRequiredValue(schedules))), isService: true);
            using var metrics = parse.GetValue(metricsPort) is null ? null : new PipelineMetrics();
            using var host = CliHost.Build(environment, log, builder => ServeHost.Configure(builder, session, environment, metrics));
            if (!Check(host.Services.GetRequiredService<CampaignScheduler>(), file, outputRoot, io.Error))
            {
                return ExitCodes.InvalidInput;
            }

            using var endpoint = metrics is null ? null : StartMetrics(metrics, parse.GetValue(metricsPort)!.Value, io.Error);
            if (metrics is not null && endpoint is null)
            {
                return ExitCodes.InvalidInput;
            }

            if (metrics is not null)
            {
                MetricsEndpoint.Attach(host.Services.GetRequiredService<CampaignScheduler>(), metrics);
            }

            var notifier = host.Services.GetRequiredService<WebhookNotifier>();
            RunNotifications.Attach(host.Services.GetRequiredService<CampaignScheduler>(), notifier);

            // The first signal stops the host: the worker drains; the second, or the end of the grace period, aborts.
            // (RunAsync, less its dispose: queued notices are delivered before the host and its logger go.)
            var stopToken = interrupts?.Drain ?? cancellationToken;
            await host.StartAsync(stopToken);
            await host.WaitForShutdownAsync(stopToken);
            await notifier.DrainAsync(RunNotifications.DrainTimeout);
            if (!session.Ended)
            {
                await io.Error.WriteLineAsync("error: the scheduler stopped unexpectedly; see the log.");
                return ExitCodes.JobsFailed;
            }

            return session.LeftUnfinished ? ExitCodes.Interrupted : ExitCodes.Ok;
        });
        return command;
    }

    private static MetricsEndpoint? StartMetrics(PipelineMetrics metrics, int port, TextWriter error)
    {
        try
        {
            var endpoint = MetricsEndpoint.Start(metrics, port);
            error.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"metrics: http://127.0.0.1:{port}/metrics"));
            return endpoint;
        }
        catch (System.Net.HttpListenerException ex)
        {
            error.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"error: cannot serve metrics on 127.0.0.1:{port}: {ex.Message}"));
            return null;
        }
    }

    /// <summary>Every entry must be runnable before the first one is served: a typo found at 3 a.m. helps nobody.</summary>
    private static bool Check(CampaignScheduler scheduler, ScheduleFile file, string? outputRoot, TextWriter error)
    {
        var problems = scheduler.Check(file, outputRoot);
        foreach (var (entry, exception) in problems)
        {
            error.WriteLine($"schedule '{entry.Name}' ({entry.ManifestPath}):");
            if (!InputErrors.TryReport(exception, error))
            {
                error.WriteLine("error: " + exception.Message);
            }
        }

        return problems.Count == 0;
    }
}
