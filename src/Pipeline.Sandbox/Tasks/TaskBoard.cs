using Pipeline.Sandbox.Faults;
using Pipeline.Sandbox.Protocol;

namespace Pipeline.Sandbox.Tasks;

/// <summary>
/// All tasks, the active-task cap and the credit balance, behind one lock. Credits are deducted at submit
/// only for tasks that will end Ready (their outcome is already decided), so moderated or failed tasks
/// cost nothing, as at BFL (docs/providers.md#bfl-polling). Over the cap a submit is refused (BFL) or queued FIFO until
/// a slot frees (fal, Replicate); a queued task occupies a slot from its start until its end.
/// </summary>
internal sealed class TaskBoard(SandboxOptions options, FaultInjector faults)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SandboxTask> _tasks = new(StringComparer.Ordinal);
    private readonly List<SandboxTask> _active = [];
    private long? _creditsLeft = options.Credits;

    public Admission TryAdmit(Submission submission, TaskOutcome outcome, DateTimeOffset now, OverLimit overLimit = OverLimit.Refuse)
    {
        lock (_gate)
        {
            _active.RemoveAll(task => !task.IsActiveAt(now));
            if (_creditsLeft is { } left && left < submission.Model.Cost)
            {
                return new Admission(null, AdmissionRefusal.InsufficientCredits, Running(now));
            }

            var startAt = now;
            if (_active.Count >= options.ActiveTaskCap)
            {
                if (overLimit == OverLimit.Refuse)
                {
                    return new Admission(null, AdmissionRefusal.ConcurrencyLimit, Running(now));
                }

                // FIFO over cap slots: with k tasks ahead (running or queued), the new one starts when the
                // (k - cap + 1)-th earliest of them ends.
                startAt = _active.Select(t => t.TerminalAt).Order().ElementAt(_active.Count - options.ActiveTaskCap);
            }

            var id = Guid.NewGuid().ToString("D");
            var seed = submission.Seed ?? faults.NextSeed();
            var latency = options.Latency + faults.Jitter(options.LatencyJitter);
            var terminalAt = outcome == TaskOutcome.RequestModerated ? now : startAt + latency;
            var task = new SandboxTask(id, submission, submission.ToImageSpec(seed), outcome, now, terminalAt, outcome == TaskOutcome.RequestModerated ? now : startAt);
            _tasks[id] = task;
            if (task.IsActiveAt(now))
            {
                _active.Add(task);
            }

            if (outcome == TaskOutcome.Ready && _creditsLeft is not null)
            {
                _creditsLeft -= submission.Model.Cost;
            }

            return new Admission(task, AdmissionRefusal.None, Running(now));
        }
    }

    /// <summary>Tasks queued at <paramref name="now"/> that start before <paramref name="task"/> does: fal's <c>queue_position</c>.</summary>
    public int QueuePosition(SandboxTask task, DateTimeOffset now)
    {
        lock (_gate)
        {
            return _active.Count(t => t.IsQueuedAt(now) && t.StartedAt < task.StartedAt);
        }
    }

    private int Running(DateTimeOffset now) => _active.Count(t => !t.IsQueuedAt(now));

    public SandboxTask? Find(string id)
    {
        lock (_gate)
        {
            return _tasks.GetValueOrDefault(id);
        }
    }

    /// <summary>Drops a task as if BFL had expired it: later polls answer <c>Task not found</c>.</summary>
    public bool Forget(string id)
    {
        lock (_gate)
        {
            _active.RemoveAll(task => task.Id == id);
            return _tasks.Remove(id);
        }
    }

    public int ActiveCount(DateTimeOffset now)
    {
        lock (_gate)
        {
            _active.RemoveAll(task => !task.IsActiveAt(now));
            return _active.Count;
        }
    }
}
