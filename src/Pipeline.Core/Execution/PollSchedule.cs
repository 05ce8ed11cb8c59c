namespace Pipeline.Execution;

/// <summary>
/// When to poll a task (docs/architecture.md#5-poll-schedule): the first poll near the expected service time, then
/// the remaining time the provider's progress implies, else a growing interval with a ceiling. Never a tight loop.
/// </summary>
/// <remarks>
/// The estimate learns from each finished task. A task seen pending at <c>t</c> with progress <c>p</c> finishes
/// near <c>t / p</c>; a task already done at its first poll only says "at most this", so that sample is taken
/// lower (by half until some task has been seen running, then by 3%), which makes later first polls probe earlier.
/// Together they settle the first poll just after the real service time: about one poll per task, sometimes two. Every moment between a task finishing and
/// its poll is a moment its permit is held for nothing, so the margins are small: the first poll 2% after the
/// estimate, and a poll 1% after the finish the progress implies (advancing progress only; stuck progress backs off).
/// A provider that reports each task's service time (BFL <c>result.duration</c>) is taken at its word, no probing,
/// unless the task was seen still running past it; then the first poll's margin is measured, not assumed: twice the
/// mean deviation of those reports from the estimate (as TCP sizes its retransmission timeout), at most the 2%.
/// </remarks>
internal sealed class PollSchedule(TimeSpan initialServiceTime, TimeSpan minInterval, TimeSpan maxInterval)
{
    private const double Smoothing = 0.2;
    private const int MaxGrowthSteps = 30;
    private const double UncalibratedProbeFactor = 0.5;
    private const double FirstPollMargin = 1.02;
    private const double PollMargin = 1.01;

    /// <summary>
    /// Must stay below 1 / <see cref="FirstPollMargin"/>: a task found done at its first poll then pulls the estimate
    /// down (here by about 0.2% per task), else the first poll would creep later with every task.
    /// </summary>
    private const double ProbeFactor = 0.97;
    private const double RelativeMinInterval = 0.05;
    private static readonly TimeSpan FirstGuessCeiling = TimeSpan.FromMilliseconds(500);

    private long _estimateTicks = initialServiceTime.Ticks;
    private long _deviationTicks;
    private int _observations;
    private int _calibrated;
    private int _reports;

    /// <summary>The running estimate of submit-to-terminal time (an exponentially weighted mean).</summary>
    public TimeSpan ExpectedServiceTime => TimeSpan.FromTicks(Interlocked.Read(ref _estimateTicks));

    /// <summary>Feeds one finished task into the estimate.</summary>
    /// <param name="lastPending">Elapsed time at the last poll that still said pending, if any.</param>
    /// <param name="lastProgress">The progress that poll reported, if any.</param>
    /// <param name="ready">Elapsed time at the poll that saw the terminal status.</param>
    /// <param name="reported">The service time the provider reported for the task, if it did.</param>
    public void Observe(TimeSpan? lastPending, double? lastProgress, TimeSpan ready, TimeSpan? reported = null)
    {
        if (lastPending is not null || reported is not null)
        {
            Volatile.Write(ref _calibrated, 1);
        }

        // Seen running past what the provider reports (a report that leaves out a queue, say): our own look wins.
        if (reported is { } serviceTime && serviceTime > TimeSpan.Zero && !(lastPending > serviceTime))
        {
            ObserveReported(serviceTime);
            return;
        }

        var sample = lastPending switch
        {
            { } pending when lastProgress is > 0.05 and < 1 => pending / lastProgress.Value,
            { } pending => (pending + ready) / 2,
            // Until a task is seen still running, "done by then" is all the estimate knows: probe down quickly.
            null => ready * (Volatile.Read(ref _calibrated) == 0 ? UncalibratedProbeFactor : ProbeFactor),
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

    /// <summary>A service time the provider measured: exact, so its spread around the estimate sizes the first poll's margin.</summary>
    private void ObserveReported(TimeSpan serviceTime)
    {
        var deviation = Math.Abs(serviceTime.Ticks - Interlocked.Read(ref _estimateTicks));
        if (Interlocked.Increment(ref _reports) == 1)
        {
            // The first report replaces whatever progress or probing suggested.
            Interlocked.Exchange(ref _estimateTicks, serviceTime.Ticks);
            Interlocked.Increment(ref _observations);
            return;
        }

        long current, next;
        do
        {
            current = Interlocked.Read(ref _deviationTicks);
            next = (long)(current + (Smoothing * (deviation - current)));
        }
        while (Interlocked.CompareExchange(ref _deviationTicks, next, current) != current);
        Observe(serviceTime);
    }

    /// <summary>The wait before poll number <paramref name="pollsSoFar"/> + 1.</summary>
    /// <param name="elapsed">Time since the submit was acknowledged.</param>
    /// <param name="progress">The provider's last progress (0–1), if it reports one.</param>
    /// <param name="previousProgress">The progress of the poll before that, if any: progress that did not move says nothing about the finish.</param>
    public TimeSpan NextDelay(int pollsSoFar, TimeSpan elapsed, double? progress, double? previousProgress = null)
    {
        var estimate = ExpectedServiceTime;
        if (pollsSoFar == 0)
        {
            // Until one task has finished the estimate is a guess: look early and let the provider's progress say the rest.
            var margin = estimate * (FirstPollMargin - 1);
            if (Volatile.Read(ref _reports) > 0)
            {
                margin = Min(margin, TimeSpan.FromTicks(2 * Interlocked.Read(ref _deviationTicks)));
            }

            var first = Volatile.Read(ref _observations) == 0
                ? Min(estimate / 4, FirstGuessCeiling) - elapsed
                : estimate + margin - elapsed;
            return Clamp(first, Max(minInterval, estimate * RelativeMinInterval));
        }

        if (progress is > 0.05 and < 1 && (previousProgress is null || progress > previousProgress))
        {
            // The finish the progress implies, with the same small margin; the absolute floor only, so a task that is
            // nearly done is looked at when it is done rather than a twentieth of the service time later.
            return Clamp((elapsed / progress.Value * PollMargin) - elapsed, minInterval);
        }

        var remaining = estimate - elapsed;
        // The growth stops at 1.5^30: past the ceiling anyway, and a long queue (fal IN_QUEUE, hundreds of polls)
        // must not overflow TimeSpan.
        var backoff = estimate * (0.25 * Math.Pow(1.5, Math.Min(pollsSoFar - 1, MaxGrowthSteps)));
        return Clamp(remaining > backoff ? remaining : backoff, Max(minInterval, estimate * RelativeMinInterval));
    }

    private TimeSpan Clamp(TimeSpan delay, TimeSpan floor) => delay < floor ? floor : delay > maxInterval ? maxInterval : delay;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
