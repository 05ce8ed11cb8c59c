using System.Collections.Concurrent;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Renditions;

/// <summary>
/// Derives renditions on a few dedicated threads, at most <see cref="Workers"/> taking masters at once. Masters are
/// queued as they verify (<see cref="Enqueue(RenditionMaster)"/> never blocks, so the executor's lanes and the socket
/// event threads only hand a record over). Beside a run the workers yield: they run at the lowest priority, so the
/// provider-facing work (submits, polls, downloads) is never slowed by them; when the run's provider work is over
/// (<see cref="CompleteAsync"/>) the rest of the queue goes to normal-priority workers, because the run now waits for it
/// (docs/architecture.md#48-renditions-yield-to-the-run).
/// </summary>
public sealed class RenditionWorkers : IAsyncDisposable
{
    private readonly BlockingCollection<RenditionMaster> _masters = [];
    private readonly RenditionLog _log;
    private readonly RenditionDeriver _deriver;
    private readonly int _count;
    private readonly bool _besideRun;
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenSource _handOver;
    private readonly List<Task<RenditionTally>> _workers = [];

    private RenditionWorkers(RenditionLog log, RenditionDeriver deriver, int workers, bool besideRun, CancellationToken cancellationToken)
    {
        _log = log;
        _deriver = deriver;
        _count = workers;
        _besideRun = besideRun;
        _cancellationToken = cancellationToken;
        _handOver = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        for (var i = 0; i < workers; i++)
        {
            _workers.Add(StartWorker(yielding: besideRun));
        }
    }

    /// <summary>The name of a worker that yields to the run (15 characters: what Linux shows of a thread's name).</summary>
    internal const string YieldingName = "rendition-yield";

    /// <summary>Workers: one per core, at most two, so renditions never take every core from the run.</summary>
    public static int Workers => Math.Clamp(Environment.ProcessorCount, 1, 2);

    /// <summary>Starts the workers for <paramref name="specs"/>; null when there are none (nothing is opened or written).</summary>
    /// <param name="besideRun">True while a run renders: the workers yield to it until <see cref="CompleteAsync"/>.</param>
    /// <exception cref="IOException"><c>renditions.csv</c> cannot be opened.</exception>
    /// <exception cref="FormatException"><c>renditions.csv</c> has a row the contract does not allow.</exception>
    public static RenditionWorkers? Start(CampaignFolder folder, IReadOnlyList<RenditionSpec> specs, string runId, TimeProvider time, bool besideRun, CancellationToken cancellationToken, int? workers = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(specs);
        if (specs.Count == 0)
        {
            return null;
        }

        var index = RenditionIndex.Load(folder);
        var log = RenditionLog.Open(folder.RenditionsLogPath);
        return new RenditionWorkers(log, new RenditionDeriver(folder, specs, index, log, runId, time), workers ?? Workers, besideRun, cancellationToken);
    }

    /// <summary>Masters queued and not yet taken by a worker.</summary>
    public int Queued => _masters.Count;

    /// <summary>Queues a verified master; returns at once. Call it before <see cref="CompleteAsync"/>.</summary>
    public void Enqueue(RenditionMaster master) => _masters.Add(master);

    /// <summary>Queues the master of <paramref name="row"/> when it is verified (the run's per-job callback).</summary>
    public void Enqueue(AuditRow row)
    {
        if (RenditionMaster.From(row) is { } master)
        {
            Enqueue(master);
        }
    }

    /// <summary>
    /// No more masters will come: the rest of the queue is derived at normal priority (the yielding workers finish the
    /// master in hand and stop), and this returns when every queued master is derived.
    /// </summary>
    /// <exception cref="IOException"><c>renditions.csv</c> became unwritable.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; the next run derives the rest.</exception>
    public async Task<RenditionTally> CompleteAsync()
    {
        HandOver();
        var tallies = await Task.WhenAll(_workers).ConfigureAwait(false);
        return tallies.Aggregate(RenditionTally.None, (a, b) => a.Add(b));
    }

    public async ValueTask DisposeAsync()
    {
        HandOver();
        try
        {
            await Task.WhenAll(_workers).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // Already reported by CompleteAsync, or the run is failing for another reason: only release the log here.
        }

        _handOver.Dispose();
        _masters.Dispose();
        _log.Dispose();
    }

    private void HandOver()
    {
        if (_masters.IsAddingCompleted)
        {
            return;
        }

        _masters.CompleteAdding();
        if (_besideRun)
        {
            for (var i = 0; i < _count; i++)
            {
                _workers.Add(StartWorker(yielding: false));
            }

            _handOver.Cancel();
        }
    }

    /// <summary>
    /// A dedicated thread, so that lowering its priority touches no pool thread; its result completes a task whose
    /// continuations run on the pool, never on the lowered thread.
    /// </summary>
    private Task<RenditionTally> StartWorker(bool yielding)
    {
        var done = new TaskCompletionSource<RenditionTally>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            if (yielding)
            {
                WorkerPriority.LowerCurrentThread();
            }

            try
            {
                done.SetResult(Work(yielding ? _handOver.Token : _cancellationToken));
            }
            catch (OperationCanceledException ex)
            {
                done.SetCanceled(ex.CancellationToken);
            }
#pragma warning disable CA1031 // Every failure goes to the task, as Task.Run would carry it, never kills the process.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = yielding ? YieldingName : "rendition",
        };
        thread.Start();
        return done.Task;
    }

    /// <param name="stopTaking">Cancelled when this worker should take no more masters: the hand-over, or the run's cancellation.</param>
    private RenditionTally Work(CancellationToken stopTaking)
    {
        var cpu = ThreadCpuTime.Now();
        var tally = RenditionTally.None;
        try
        {
            while (_masters.TryTake(out var master, Timeout.Infinite, stopTaking))
            {
                tally = tally.Add(_deriver.Derive(master, _cancellationToken));
            }
        }
        catch (OperationCanceledException) when (!_cancellationToken.IsCancellationRequested)
        {
            // Handed over: normal-priority workers take the rest of the queue.
        }

        return tally with { Cpu = ThreadCpuTime.Now() - cpu };
    }
}
