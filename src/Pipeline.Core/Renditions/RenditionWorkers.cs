using System.Threading.Channels;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Renditions;

/// <summary>
/// Derives renditions beside a run: masters are queued as they verify (<see cref="Enqueue(RenditionMaster)"/> never blocks, so the
/// executor's lanes and the socket event threads only hand a record over) and a few pool workers decode, resize and
/// encode them, at most <see cref="Workers"/> at once (docs/architecture.md#40-renditions).
/// </summary>
public sealed class RenditionWorkers : IAsyncDisposable
{
    private readonly Channel<RenditionMaster> _masters = Channel.CreateUnbounded<RenditionMaster>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false, AllowSynchronousContinuations = false });
    private readonly RenditionLog _log;
    private readonly RenditionDeriver _deriver;
    private readonly Task<RenditionTally>[] _workers;

    private RenditionWorkers(RenditionLog log, RenditionDeriver deriver, int workers, CancellationToken cancellationToken)
    {
        _log = log;
        _deriver = deriver;
        _workers = [.. Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None))];
    }

    /// <summary>Workers: one per core, at most two, so renditions never take every core from the run.</summary>
    public static int Workers => Math.Clamp(Environment.ProcessorCount, 1, 2);

    /// <summary>Starts the workers for <paramref name="specs"/>; null when there are none (nothing is opened or written).</summary>
    /// <exception cref="IOException"><c>renditions.csv</c> cannot be opened.</exception>
    /// <exception cref="FormatException"><c>renditions.csv</c> has a row the contract does not allow.</exception>
    public static RenditionWorkers? Start(CampaignFolder folder, IReadOnlyList<RenditionSpec> specs, string runId, TimeProvider time, CancellationToken cancellationToken, int? workers = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(specs);
        if (specs.Count == 0)
        {
            return null;
        }

        var index = RenditionIndex.Load(folder);
        var log = RenditionLog.Open(folder.RenditionsLogPath);
        return new RenditionWorkers(log, new RenditionDeriver(folder, specs, index, log, runId, time), workers ?? Workers, cancellationToken);
    }

    /// <summary>Masters queued and not yet taken by a worker.</summary>
    public int Queued => _masters.Reader.Count;

    /// <summary>Queues a verified master; returns at once.</summary>
    public void Enqueue(RenditionMaster master) => _masters.Writer.TryWrite(master);

    /// <summary>Queues the master of <paramref name="row"/> when it is verified (the run's per-job callback).</summary>
    public void Enqueue(AuditRow row)
    {
        if (RenditionMaster.From(row) is { } master)
        {
            Enqueue(master);
        }
    }

    /// <summary>Waits until every queued master is derived.</summary>
    /// <exception cref="IOException"><c>renditions.csv</c> became unwritable.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; the next run derives the rest.</exception>
    public async Task<RenditionTally> CompleteAsync()
    {
        _masters.Writer.TryComplete();
        var tallies = await Task.WhenAll(_workers);
        return tallies.Aggregate(RenditionTally.None, (a, b) => a.Add(b));
    }

    public async ValueTask DisposeAsync()
    {
        _masters.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_workers);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // Already reported by CompleteAsync, or the run is failing for another reason: only release the log here.
        }

        _log.Dispose();
    }

    private async Task<RenditionTally> WorkAsync(CancellationToken cancellationToken)
    {
        var tally = RenditionTally.None;
        await foreach (var master in _masters.Reader.ReadAllAsync(cancellationToken))
        {
            var cpu = ThreadCpuTime.Now();
            var derived = _deriver.Derive(master, cancellationToken);
            tally = tally.Add(derived with { Cpu = ThreadCpuTime.Now() - cpu });
        }

        return tally;
    }
}
