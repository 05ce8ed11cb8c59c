namespace Pipeline.Execution;

/// <summary>
/// When to poll a task (ARCHITECTURE.md decision 5): the first poll near the expected service time, then
/// the remaining time the provider's progress implies, else a growing interval with a ceiling. Never a tight loop.
/// </summary>
public sealed class PollSchedule(TimeSpan initialServiceTime, TimeSpan minInterval, TimeSpan maxInterval)
{
    private const double Smoothing = 0.2;
    private long _estimateTicks = initialServiceTime.Ticks;
    private int _observations;

    /// <summary>The running estimate of submit-to-terminal time (an exponentially weighted mean).</summary>
    public TimeSpan ExpectedServiceTime => TimeSpan.FromTicks(Interlocked.Read(ref _estimateTicks));

    /// <summary>Feeds one observed submit-to-terminal time into the estimate.</summary>
    public void Observe(TimeSpan serviceTime)
    {
        if (Interlocked.Increment(ref _observations) == 1)
        {
            // The first real measurement replaces the guess outright.
            Interlocked.Exchange(ref _estimateTicks, serviceTime.Ticks);
            return;
        }

        long current, next;
        do
        {
            current = Interlocked.Read(ref _estimateTicks);
            next = (long)(current + (Smoothing * (serviceTime.Ticks - current)));
        }
        while (Interlocked.CompareExchange(ref _estimateTicks, next, current) != current);
    }

    /// <summary>The wait before poll number <paramref name="pollsSoFar"/> + 1.</summary>
    /// <param name="elapsed">Time since the submit was acknowledged.</param>
    /// <param name="progress">The provider's last progress (0–1), if it reports one.</param>
    public TimeSpan NextDelay(int pollsSoFar, TimeSpan elapsed, double? progress)
    {
        var estimate = ExpectedServiceTime;
        TimeSpan delay;
        if (pollsSoFar == 0)
        {
            // Until one task has finished the estimate is a guess: look early and let the provider's progress say the rest.
            delay = Volatile.Read(ref _observations) == 0 ? (estimate / 4) - elapsed : estimate - elapsed;
        }
        else if (progress is > 0.05 and < 1)
        {
            delay = elapsed * ((1 - progress.Value) / progress.Value);
        }
        else
        {
            var remaining = estimate - elapsed;
            var backoff = estimate * (0.25 * Math.Pow(1.5, pollsSoFar - 1));
            delay = remaining > backoff ? remaining : backoff;
        }

        return Clamp(delay);
    }

    private TimeSpan Clamp(TimeSpan delay) =>
        delay < minInterval ? minInterval : delay > maxInterval ? maxInterval : delay;
}
