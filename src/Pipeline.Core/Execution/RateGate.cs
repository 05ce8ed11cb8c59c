namespace Pipeline.Execution;

/// <summary>
/// Models a provider's limits (docs/architecture.md#4-rate-gate-and-provider-limits): a concurrency permit held from submit until the
/// task reaches a terminal status (BFL caps <em>active</em> tasks), and a token bucket for submits per minute.
/// When the provider answers 429 the concurrency limit is halved (down to 1) and then grows back by one
/// after each streak of accepted submits (AIMD), so an unknown cap is found and followed.
/// </summary>
internal sealed class RateGate : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private readonly SubmitBucket? _submits;
    private readonly int _maxLimit;
    private int _limit;
    private int _inFlight;
    private int _acceptedSinceChange;

    /// <param name="concurrency">Most permits at once (the manifest limit, already capped by the provider's).</param>
    /// <param name="requestsPerMinute">Submits per minute, or null for no rate limit.</param>
    /// <param name="time">The clock the submit bucket refills on.</param>
    public RateGate(int concurrency, int? requestsPerMinute, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        _maxLimit = concurrency;
        _limit = concurrency;
        if (requestsPerMinute is { } rpm)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(rpm, 1);

            // One token per 60/rpm seconds and a burst of one second's worth: no minute window ever sees more than rpm + burst.
            _submits = new SubmitBucket(rpm, time);
        }
    }

    /// <summary>The current concurrency limit (lowered by 429s, restored by successes).</summary>
    public int Limit
    {
        get
        {
            lock (_gate)
            {
                return _limit;
            }
        }
    }

    /// <summary>Permits held right now.</summary>
    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Waits for a concurrency permit; dispose the permit when the task is terminal.</summary>
    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource waiter;
            lock (_gate)
            {
                if (_inFlight < _limit)
                {
                    _inFlight++;
                    return new Permit(this);
                }

                // Completed outside the lock (see Release), so the woken job may run on the releasing thread: one
                // thread hop less per job.
                waiter = new TaskCompletionSource();
                _waiters.Enqueue(waiter);
            }

            try
            {
                await waiter.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                if (!waiter.TrySetCanceled(cancellationToken))
                {
                    // Woken just as this wait was given up: pass the wake on to the next job in line.
                    WakeNext();
                }

                throw;
            }
        }
    }

    /// <summary>Waits for a submit token (one per attempt, retries included).</summary>
    public async ValueTask WaitForSubmitSlotAsync(CancellationToken cancellationToken)
    {
        if (_submits is null)
        {
            return;
        }

        await _submits.AcquireAsync(cancellationToken);
    }

    /// <summary>Submits waiting for a token of the per-minute bucket right now.</summary>
    internal int WaitingForSubmitSlot => _submits?.Waiting ?? 0;

    /// <summary>The provider said 429: halve the concurrency limit (multiplicative decrease).</summary>
    public void OnThrottled()
    {
        lock (_gate)
        {
            _limit = Math.Max(1, _limit / 2);
            _acceptedSinceChange = 0;
        }
    }

    /// <summary>A submit was accepted: after a streak as long as the limit, allow one more (additive increase).</summary>
    public void OnAccepted()
    {
        lock (_gate)
        {
            if (_limit >= _maxLimit || ++_acceptedSinceChange < _limit)
            {
                return;
            }

            _limit++;
            _acceptedSinceChange = 0;
        }

        WakeNext();
    }

    public void Dispose() => _submits?.Dispose();

    private void Release()
    {
        lock (_gate)
        {
            _inFlight--;
        }

        WakeNext();
    }

    /// <summary>Wakes the longest-waiting job, outside the lock: it goes on on this thread.</summary>
    private void WakeNext()
    {
        while (true)
        {
            TaskCompletionSource? next;
            lock (_gate)
            {
                if (!_waiters.TryDequeue(out next))
                {
                    return;
                }
            }

            // A wait given up (cancelled) is already completed: wake the one after it.
            if (next.TrySetResult())
            {
                return;
            }
        }
    }

    private sealed class Permit(RateGate owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release();
            }
        }
    }
}
