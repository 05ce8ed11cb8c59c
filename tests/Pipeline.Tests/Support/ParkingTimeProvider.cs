using Microsoft.Extensions.Time.Testing;

namespace Pipeline.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that knows which of its timers are armed, so a test moves the clock only while
/// the code under test is parked on one (docs/architecture.md#30-time-and-randomness-through-seams). Advancing while a
/// continuation still runs on the pool races it: the clock jumps past times that code never saw.
/// </summary>
internal sealed class ParkingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    /// <summary>The longest real time a test waits for the code to park or finish before it fails.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<ParkedTimer, DateTimeOffset> _armed = [];
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>Timers armed right now: waits the code under test is parked on.</summary>
    public int Parked
    {
        get
        {
            lock (_gate)
            {
                return _armed.Count;
            }
        }
    }

    /// <summary>How much earlier than asked a one-shot timer fires, as the runtime's coarse timers may: zero unless a test says.</summary>
    public TimeSpan EarlyBy { get; set; }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ParkedTimer(this, callback, state);
        if (period == Timeout.InfiniteTimeSpan && dueTime > EarlyBy)
        {
            dueTime -= EarlyBy;
        }

        // Armed before the fake timer exists: a zero due time fires inside CreateTimer.
        timer.Arm(dueTime, period);
        timer.Inner = base.CreateTimer(static s => ((ParkedTimer)s!).Fire(), timer, dueTime, period);
        return timer;
    }

    /// <summary>Waits, in real time up to <see cref="Bound"/>, until <paramref name="timers"/> timers are armed or <paramref name="work"/> is done.</summary>
    /// <exception cref="TimeoutException">Nothing parked and the work did not finish: the test would otherwise hang.</exception>
    public async Task ParkedAsync(Task work, int timers = 1)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!work.IsCompleted)
        {
            Task changed;
            lock (_gate)
            {
                if (_armed.Count >= timers)
                {
                    return;
                }

                changed = _changed.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(changed, work, Task.Delay(left)) is var done && done != changed && done != work)
            {
                throw new TimeoutException($"{timers} timer(s) not armed within {Bound.TotalSeconds:0} s of real time ({Parked} armed) and the work not done");
            }
        }
    }

    /// <summary>Moves the clock to the earliest armed timer's due time, firing it (and any due with it).</summary>
    public void AdvanceToNextTimer()
    {
        DateTimeOffset next;
        lock (_gate)
        {
            next = _armed.Count == 0 ? throw new InvalidOperationException("no timer is armed") : _armed.Values.Min();
        }

        Advance(next > GetUtcNow() ? next - GetUtcNow() : TimeSpan.Zero);
    }

    /// <summary>Moves the clock while parked: waits for the work to park on a timer, fires it, until the work is done.</summary>
    public async Task<T> DriveAsync<T>(Task<T> work)
    {
        while (true)
        {
            await ParkedAsync(work);
            if (work.IsCompleted)
            {
                return await work;
            }

            AdvanceToNextTimer();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Set(ParkedTimer timer, DateTimeOffset? due)
    {
        lock (_gate)
        {
            if (due is { } at)
            {
                _armed[timer] = at;
            }
            else if (!_armed.Remove(timer))
            {
                return;
            }

            var changed = _changed;
            _changed = NewSignal();
            changed.TrySetResult();
        }
    }

    private sealed class ParkedTimer(ParkingTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public ITimer? Inner { get; set; }

        public void Arm(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;

            // The fake timer counts whole milliseconds: rounded up, the due time is never before it fires.
            owner.Set(this, dueTime == Timeout.InfiniteTimeSpan ? null : owner.GetUtcNow() + TimeSpan.FromMilliseconds(Math.Ceiling(dueTime.TotalMilliseconds)));
        }

        public void Fire()
        {
            owner.Set(this, _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : owner.GetUtcNow() + _period);
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Arm(dueTime, period);
            return Inner!.Change(dueTime, period);
        }

        public void Dispose()
        {
            owner.Set(this, null);
            Inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
