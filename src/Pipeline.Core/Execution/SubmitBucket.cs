namespace Pipeline.Execution;

/// <summary>
/// A token bucket for submits per minute on a <see cref="TimeProvider"/> (docs/architecture.md#4-rate-gate-and-provider-limits):
/// one token every 60/rpm seconds, at most a second's worth (and at least one) in reserve, the bucket full at the
/// start; waiters are served oldest first. <c>TokenBucketRateLimiter</c> replenishes on the wall clock and takes no
/// <see cref="TimeProvider"/>, so a test could not advance its minute.
/// </summary>
internal sealed class SubmitBucket : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly long _period;
    private long _lastRefill;
    private int _tokens;

    public SubmitBucket(int requestsPerMinute, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requestsPerMinute, 1);
        _time = time;
        Capacity = Math.Max(1, requestsPerMinute / 60);
        _tokens = Capacity;
        _period = Math.Max(1, (long)((TimeSpan.FromMinutes(1) / requestsPerMinute).TotalSeconds * time.TimestampFrequency));
        _lastRefill = time.GetTimestamp();
        _timer = time.CreateTimer(static state => ((SubmitBucket)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Tokens the bucket holds when full: the burst allowed after a quiet spell.</summary>
    public int Capacity { get; }

    /// <summary>Submits waiting for a token right now (for tests and figures).</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                var waiting = 0;
                foreach (var waiter in _waiters)
                {
                    waiting += waiter.Task.IsCompleted ? 0 : 1;
                }

                return waiting;
            }
        }
    }

    /// <summary>Takes one token, waiting (oldest first) until one is due.</summary>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            Refill();
            Grant();
            if (_tokens > 0)
            {
                _tokens--;
                return;
            }

            // Continuations run off the timer's thread: a granted submit must not run under this lock.
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
            ScheduleNext();
        }

        // A wait given up stays in the queue, completed; Grant passes over it without spending a token.
        using (cancellationToken.Register(static (state, token) => ((TaskCompletionSource)state!).TrySetCanceled(token), waiter))
        {
            await waiter.Task;
        }
    }

    public void Dispose() => _timer.Dispose();

    private void OnTimer()
    {
        lock (_gate)
        {
            Refill();
            Grant();
            ScheduleNext();
        }
    }

    /// <summary>Under the lock: hands tokens to waiters in order, then sets the timer for the next token if anyone still waits.</summary>
    private void Grant()
    {
        while (_tokens > 0 && _waiters.TryDequeue(out var next))
        {
            if (next.TrySetResult())
            {
                _tokens--;
            }
        }
    }

    private void ScheduleNext()
    {
        if (_waiters.Count == 0)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        // After a refill the next token is always ahead; at least one tick, so the timer never fires inside this lock.
        // Rounded up: a timer that fires a tick before the token is due would find nothing to grant.
        var stamps = _lastRefill + _period - _time.GetTimestamp();
        var ticks = (long)Math.Ceiling(stamps * (double)TimeSpan.TicksPerSecond / _time.TimestampFrequency);
        _timer.Change(TimeSpan.FromTicks(Math.Max(1, ticks)), Timeout.InfiniteTimeSpan);
    }

    /// <summary>Under the lock: adds the tokens due since the last refill; a full bucket does not bank time.</summary>
    private void Refill()
    {
        var now = _time.GetTimestamp();
        var periods = (now - _lastRefill) / _period;

        // A token that came due while submits waited went to the next of them then: only a quiet spell is capped.
        while (periods > 0 && _waiters.Count > 0)
        {
            _tokens++;
            _lastRefill += _period;
            periods--;
            Grant();
        }

        if (periods <= 0)
        {
            return;
        }

        _tokens = (int)Math.Min(Capacity, _tokens + periods);
        _lastRefill = _tokens == Capacity ? now : _lastRefill + (periods * _period);
    }
}
