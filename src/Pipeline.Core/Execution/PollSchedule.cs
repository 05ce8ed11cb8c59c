namespace Pipeline.Execution;

/// <summary>
/// When to poll a task (ARCHITECTURE.md decision 5): the first poll near the expected service time, then
/// the remaining time the provider's progress implies, else a growing interval with a ceiling. Never a tight loop.
/// </summary>
/// <remarks>
/// The estimate learns from each finished task. A task seen pending at <c>t</c> with progress <c>p</c> finishes
/// near <c>t / p</c>; a task already done at its first poll only says "at most this", so that sample is taken a
/// little lower, which makes the next first poll probe earlier. Together they settle the first poll just
/// around the real service time: about one poll per task, rarely two.
/// </remarks>
public sealed class PollSchedule(TimeSpan initialServiceTime, TimeSpan minInterval, TimeSpan maxInterval)
{
    private const double Smoothing = 0.2;
    private const int MaxGrowthSteps = 30;
    private const double ProbeFactor = 0.8;
    private const double FirstPollMargin = 1.02;
    private const double RelativeMinInterval = 0.05;
    private static readonly TimeSpan FirstGuessCeiling = TimeSpan.FromSeconds(1);

    private long _estimateTicks = initialServiceTime.Ticks;
    private int _observations;

    /// <summary>The running estimate of submit-to-terminal time (an exponentially weighted mean).</summary>
    public TimeSpan ExpectedServiceTime => TimeSpan.FromTicks(Interlocked.Read(ref _estimateTicks));

    /// <summary>Feeds one finished task into the estimate.</summary>
    /// <param name="lastPending">Elapsed time at the last poll that still said pending, if any.</param>
    /// <param name="lastProgress">The progress that poll reported, if any.</param>
    /// <param name="ready">Elapsed time at the poll that saw the terminal status.</param>
    public void Observe(TimeSpan? lastPending, double? lastProgress, TimeSpan ready)
    {
        var sample = lastPending switch
        {
            { } pending when lastProgress is > 0.05 and < 1 => pending / lastProgress.Value,
            { } pending => (pending + ready) / 2,
            null => ready * ProbeFactor,
        };
        Observe(sample);
    }

    /// <summary>Feeds one measured service time into the estimate.</summary>
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
            delay = Volatile.Read(ref _observations) == 0
                ? Min(estimate / 4, FirstGuessCeiling) - elapsed
                : (estimate * FirstPollMargin) - elapsed;
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

        var floor = Max(minInterval, estimate * RelativeMinInterval);
        return delay < floor ? floor : delay > maxInterval ? maxInterval : delay;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
