using Pipeline.Metrics;
using Pipeline.Scheduling;
using Prometheus;

namespace Pipeline.Cli.Serve;

/// <summary>
/// <c>serve --metrics-port N</c>: the engine's <see cref="PipelineMetrics"/> in Prometheus text format at
/// <c>http://127.0.0.1:N/metrics</c> (docs/architecture.md#43-metrics), loopback only. prometheus-net 8.2 (stable)
/// reads the <see cref="System.Diagnostics.Metrics.Meter"/> through its meter adapter into a registry of its own, so
/// only this meter is served; OpenTelemetry's Prometheus exporters are still pre-release.
/// </summary>
internal sealed class MetricsEndpoint : IDisposable
{
    private readonly IDisposable _adapter;
    private readonly MetricServer _server;

    private MetricsEndpoint(IDisposable adapter, MetricServer server)
    {
        _adapter = adapter;
        _server = server;
    }

    /// <exception cref="System.Net.HttpListenerException">The port is taken or cannot be bound.</exception>
    public static MetricsEndpoint Start(PipelineMetrics metrics, int port)
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = registry,
            // Without it the adapter creates its metrics in the process-wide default registry, which is not served.
            MetricFactory = Prometheus.Metrics.WithCustomRegistry(registry),
            InstrumentFilterPredicate = instrument => ReferenceEquals(instrument.Meter, metrics.Meter),
        });
        try
        {
            var server = new MetricServer("127.0.0.1", port, registry: registry);
            server.Start();
            return new MetricsEndpoint(adapter, server);
        }
        catch
        {
            adapter.Dispose();
            throw;
        }
    }

    /// <summary>Records each schedule's latest run outcome as runs end; a firing skipped for overlap ran nothing and is not one.</summary>
    public static void Attach(CampaignScheduler scheduler, PipelineMetrics metrics) =>
        scheduler.RunEnded += run =>
        {
            if (ScheduledNotice.For(run) is { } notice)
            {
                metrics.ScheduleEnded(run.Entry.Name, Notifications.RunEndings.ToWire(notice.Ending));
            }
        };

    public void Dispose()
    {
        _server.Dispose();
        _adapter.Dispose();
    }
}
