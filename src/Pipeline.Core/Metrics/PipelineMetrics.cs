using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Pipeline.Domain;
using Pipeline.Execution;
using Pipeline.Records;

namespace Pipeline.Metrics;

/// <summary>
/// The engine's metrics as <see cref="System.Diagnostics.Metrics"/> instruments on one <see cref="Meter"/>
/// (docs/architecture.md#43-metrics): any exporter can read them; <c>serve --metrics-port</c> serves them in Prometheus
/// text format. Recorded by the executor through <see cref="IRunObserver"/> and by <c>serve</c> as schedules end.
/// </summary>
/// <remarks>
/// Instruments (Prometheus names after export, the meter's name first): <c>pipeline_jobs{campaign,status}</c>,
/// <c>pipeline_spend_usd{campaign}</c>, <c>pipeline_job_latency_seconds{campaign}</c> (submit to result, a
/// histogram), <c>pipeline_jobs_in_flight{campaign}</c> and <c>pipeline_schedule_last_run{schedule,outcome}</c> (1 for
/// the latest outcome of each schedule).
/// </remarks>
public sealed class PipelineMetrics : IRunObserver, IDisposable
{
    public const string MeterName = "Pipeline";

    private readonly Counter<long> _jobs;
    private readonly Counter<double> _spend;
    private readonly Histogram<double> _latency;
    private readonly UpDownCounter<long> _inFlight;
    private readonly ConcurrentDictionary<string, string> _lastRun = new(StringComparer.Ordinal);

    public PipelineMetrics()
    {
        Meter = new Meter(MeterName);
        _jobs = Meter.CreateCounter<long>("jobs", description: "Job outcomes by audit status.");
        _spend = Meter.CreateCounter<double>("spend_usd", description: "Dollars billed by providers.");
        _latency = Meter.CreateHistogram<double>("job_latency_seconds", description: "Submit-to-result time of finished jobs.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600] });
        _inFlight = Meter.CreateUpDownCounter<long>("jobs_in_flight", description: "Jobs the executor is working on: waiting for a permit, submitted, polled or downloaded.");
        Meter.CreateObservableGauge("schedule_last_run", ObserveLastRuns, description: "1 for the outcome of each schedule's latest run.");
    }

    /// <summary>The meter every instrument is on (one per instance, so parallel tests do not mix).</summary>
    public Meter Meter { get; }

    public void JobStarted(string campaign) => _inFlight.Add(1, Tag("campaign", campaign));

    public void JobEnded(string campaign, AuditRow? row)
    {
        _inFlight.Add(-1, Tag("campaign", campaign));
        if (row is null)
        {
            return;
        }

        var campaignTag = Tag("campaign", row.Campaign);
        _jobs.Add(1, campaignTag, Tag("status", row.Status.ToWire()));
        if (row.CostUsd > 0)
        {
            _spend.Add((double)row.CostUsd, campaignTag);
        }

        if (row.SubmittedAt is { } submitted && row.CompletedAt is { } completed && completed >= submitted)
        {
            _latency.Record((completed - submitted).TotalSeconds, campaignTag);
        }
    }

    /// <summary>A schedule's run ended with <paramref name="outcome"/> (<c>succeeded</c>, <c>failed</c>, <c>budget</c> or <c>interrupted</c>).</summary>
    public void ScheduleEnded(string schedule, string outcome) => _lastRun[schedule] = outcome;

    private IEnumerable<Measurement<int>> ObserveLastRuns() =>
        _lastRun.Select(p => new Measurement<int>(1, Tag("schedule", p.Key), Tag("outcome", p.Value)));

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);

    public void Dispose() => Meter.Dispose();
}
