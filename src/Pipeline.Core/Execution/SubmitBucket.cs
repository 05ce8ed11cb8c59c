namespace Pipeline.Execution;

/// <summary>
/// A token bucket for submits per minute on a <see cref="TimeProvider"/> (docs/architecture.md#4-rate-gate-and-provider-limits):
/// one token every 60/rpm seconds, at most a second's worth (and at least one) in reserve, the bucket full at the
/// start; waiters are served oldest first. The k-th token after the bucket was last full falls due k × 60/rpm seconds
/// after that, rounded up to the clock's resolution: counted, not summed from a rounded period, so at rpm = 7 the
/// seventh token comes on the minute mark, not a few ticks after it. <c>TokenBucketRateLimiter</c> replenishes on the wall clock and takes no
/// <see cref="TimeProvider"/>, so a test could not advance its minute.
/// </summary>
internal sealed class SubmitBucket : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly int _requestsPerMinute;
    private readonly long _minute;
    private long _origin;
    private long _minted;
    private int _tokens;

    public SubmitBucket(int requestsPerMinute, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requestsPerMinute, 1);
        _time = time;
        Capacity = Math.Max(1, requestsPerMinute / 60);
        _tokens = Capacity;
        _requestsPerMinute = requestsPerMinute;
        _minute = 60 * time.TimestampFrequency;
        _origin = time.GetTimestamp();
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

        // After a refill the next token is always ahead. Timers count whole milliseconds and drop the rest, so the wait
        // is rounded up to one: a timer that fires before the token is due finds nothing to grant, and one due in 0 ms
        // would fire at once, inside this lock.
        var stamps = DueAt(_minted + 1) - _time.GetTimestamp();
        var milliseconds = (long)(((Int128)stamps * 1000 + _time.TimestampFrequency - 1) / _time.TimestampFrequency);
        _timer.Change(TimeSpan.FromMilliseconds(Math.Max(1, milliseconds)), Timeout.InfiniteTimeSpan);
    }

    /// <summary>The timestamp the <paramref name="token"/>-th token since <see cref="_origin"/> falls due: rounded up, never early.</summary>
    private long DueAt(long token) => _origin + (long)(((Int128)token * _minute + _requestsPerMinute - 1) / _requestsPerMinute);

    /// <summary>Under the lock: adds the tokens due since the last refill; a full bucket does not bank time.</summary>
    private void Refill()
    {
        var now = _time.GetTimestamp();
        var due = (long)((Int128)(now - _origin) * _requestsPerMinute / _minute);
        var fresh = due - _minted;
        if (fresh <= 0)
        {
            return;
        }

        // A token that came due while submits waited went to the next of them then: only a quiet spell is capped.
        _minted = due;
        _tokens = (int)Math.Min(int.MaxValue / 2, _tokens + fresh);
        Grant();
        if (_tokens >= Capacity)
        {
            _tokens = Capacity;
            _origin = now;
            _minted = 0;
        }
    }
}
