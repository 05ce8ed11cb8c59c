using Pipeline.Providers;
using Polly;

namespace Pipeline.Execution;

/// <summary>
/// Polls a submitted task until it is terminal, on the poll schedule (docs/architecture.md#5-poll-schedule): never a
/// tight loop, a failed poll tried again on the same schedule (<see cref="RetryPipelines.Poll"/>), queue time kept
/// apart from the running deadline (docs/architecture.md#17-breakers-and-deadlines). Feeds finished tasks into the
/// schedule's estimate.
/// </summary>
internal sealed class PollStep(RunServices services)
{
    private int _totalPolls;

    /// <summary>Polls of every task polled by this step so far (for the efficiency figures).</summary>
    public int TotalPolls => Volatile.Read(ref _totalPolls);

    /// <param name="learn">Whether the task's service time may teach the schedule (not for re-attached tasks).</param>
    /// <returns>The terminal poll, or a <see cref="TaskState.Failed"/> one saying which deadline passed or why polling failed.</returns>
    public async Task<TaskPoll> PollAsync(JobRecord record, SubmittedTask task, bool learn, CancellationToken cancellationToken)
    {
        // From the acknowledgement, not after the ledger write: the provider's progress counts from its receipt, and the
        // fsync and log line in between made the finish it implies look early (docs/architecture.md#5-poll-schedule).
        var submittedAt = learn && record.SubmittedAt is { } acknowledged ? acknowledged : services.Time.GetUtcNow();
        var watch = new Watch(this, services, record, task, submittedAt);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            while (true)
            {
                TaskPoll poll;
                try
                {
                    poll = await services.Retries.Poll.ExecuteAsync(static (ctx, watch) => watch.NextAsync(ctx.CancellationToken), context, watch);
                }
                catch (ProviderException ex)
                {
                    // Stopped between polls: the task stays in the ledger for the rerun, it has not failed.
                    cancellationToken.ThrowIfCancellationRequested();
                    if (ex.IsFatal)
                    {
                        services.StopSubmitting(ex.Message);
                    }

                    return new TaskPoll(TaskState.Failed, Detail: $"polling failed: {ex.Message}");
                }

                if (watch.PastDeadline)
                {
                    return poll;
                }

                if (poll.IsTerminal)
                {
                    if (learn)
                    {
                        // The service time is what the provider spent running it; its queue says nothing about the next task.
                        services.Schedule.Observe(watch.LastPending - watch.Queued, watch.Progress, watch.At - watch.Queued, poll.ServiceTime);
                    }

                    return poll;
                }

                watch.Pending(poll);
            }
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One task's polling so far.</summary>
    private sealed class Watch(PollStep step, RunServices services, JobRecord record, SubmittedTask task, DateTimeOffset submittedAt)
    {
        private static readonly TimeSpan OneTick = TimeSpan.FromMilliseconds(1);
        private readonly RunServices _services = services;
        private double? _previousProgress;
        private TimeSpan _lastPollAt;
        private int _polls;

        /// <summary>Time the provider said the task was still queued (fal <c>IN_QUEUE</c>): the job deadline counts running time only.</summary>
        public TimeSpan Queued { get; private set; }

        /// <summary>Time since the submit at the last poll that answered.</summary>
        public TimeSpan At { get; private set; }

        public TimeSpan? LastPending { get; private set; }

        public double? Progress { get; private set; }

        public bool PastDeadline { get; private set; }

        /// <summary>Checks the deadlines, waits as the schedule says, polls once.</summary>
        public async ValueTask<TaskPoll> NextAsync(CancellationToken cancellationToken)
        {
            var options = _services.Options;
            var elapsed = _services.Time.GetUtcNow() - submittedAt;
            if (elapsed - Queued > options.JobDeadline)
            {
                PastDeadline = true;
                return new TaskPoll(TaskState.Failed, Detail: $"no result within the {options.JobDeadline.TotalMinutes:0.#}-minute job deadline");
            }

            if (Queued > options.QueueDeadline)
            {
                PastDeadline = true;
                return new TaskPoll(TaskState.Failed, Detail: $"still queued at the provider after {options.QueueDeadline.TotalMinutes:0.#} minutes");
            }

            var delay = _services.Schedule.NextDelay(_polls, elapsed, Progress, _previousProgress);
            await WaitUntilAsync(submittedAt + elapsed + delay, delay, cancellationToken);
            TaskPoll poll;
            try
            {
                poll = await _services.Provider.PollAsync(task, cancellationToken);
            }
            catch (ProviderException)
            {
                _polls++;
                throw;
            }

            _polls++;
            record.Polls++;
            Interlocked.Increment(ref step._totalPolls);
            At = _services.Time.GetUtcNow() - submittedAt;
            return poll;
        }

        /// <summary>
        /// Waits until <paramref name="due"/>, never less: a timer may wake a millisecond or more early (the runtime counts
        /// whole milliseconds on a coarse clock), and a poll sent before the finish the schedule aimed at only finds the
        /// task still running and pays a second poll later (docs/architecture.md#5-poll-schedule).
        /// </summary>
        private async ValueTask WaitUntilAsync(DateTimeOffset due, TimeSpan delay, CancellationToken cancellationToken)
        {
            await Task.Delay(delay, _services.Time, cancellationToken);
            for (var left = due - _services.Time.GetUtcNow(); left > TimeSpan.Zero; left = due - _services.Time.GetUtcNow())
            {
                await Task.Delay(left < OneTick ? OneTick : left, _services.Time, cancellationToken);
            }
        }

        /// <summary>A poll that said the task is not done yet.</summary>
        public void Pending(TaskPoll poll)
        {
            if (poll.Queued)
            {
                Queued += At - _lastPollAt;
            }

            _lastPollAt = At;
            _previousProgress = Progress;
            Progress = poll.Progress;
            LastPending = At;
        }
    }
}
