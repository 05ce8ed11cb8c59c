namespace Pipeline.Execution;

/// <summary>
/// When to poll a task (ARCHITECTURE.md decision 5): the first poll near the expected service time, then
/// the remaining time the provider's progress implies, else a growing interval with a ceiling. Never a tight loop.
/// </summary>
public sealed class PollSchedule(TimeSpan initialServiceTime, TimeSpan minInterval, TimeSpan maxInterval)
{
    private const double Smoothing = 0.2;
    private const int MaxGrowthSteps = 30;
    private long _estimateTicks = initialServiceTime.Ticks;

    /// <summary>The running estimate of submit-to-terminal time (an exponentially weighted mean).</summary>
    public TimeSpan ExpectedServiceTime => TimeSpan.FromTicks(Interlocked.Read(ref _estimateTicks));

    /// <summary>Feeds one observed submit-to-terminal time into the estimate.</summary>
    public void Observe(TimeSpan serviceTime)
    {
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
            delay = estimate - elapsed;
        }
        else if (progress is > 0.05 and < 1)
        {
            delay = elapsed * ((1 - progress.Value) / progress.Value);
        }
        else
        {
            var remaining = estimate - elapsed;
            // The growth stops at 1.5^30: past the ceiling anyway, and a long queue (fal IN_QUEUE, hundreds of polls)
            // must not overflow TimeSpan.
            var backoff = estimate * (0.25 * Math.Pow(1.5, Math.Min(pollsSoFar - 1, MaxGrowthSteps)));
            delay = remaining > backoff ? remaining : backoff;
        }

        return Clamp(delay);
    }

    private TimeSpan Clamp(TimeSpan delay) =>
        delay < minInterval ? minInterval : delay > maxInterval ? maxInterval : delay;
}
