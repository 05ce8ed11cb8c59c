using Pipeline.Sandbox.Faults;
using Pipeline.Sandbox.Protocol;

namespace Pipeline.Sandbox.Tasks;

/// <summary>
/// All tasks, the active-task cap and the credit balance, behind one lock. Credits are deducted at submit
/// only for tasks that will end Ready (their outcome is already decided), so moderated or failed tasks
/// cost nothing, as at BFL (providers.md §1.4).
/// </summary>
internal sealed class TaskBoard(SandboxOptions options, FaultInjector faults)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SandboxTask> _tasks = new(StringComparer.Ordinal);
    private readonly List<SandboxTask> _active = [];
    private long? _creditsLeft = options.Credits;

    public Admission TryAdmit(Submission submission, TaskOutcome outcome, DateTimeOffset now)
    {
        lock (_gate)
        {
            _active.RemoveAll(task => !task.IsActiveAt(now));
            if (_creditsLeft is { } left && left < submission.Model.Cost)
            {
                return new Admission(null, AdmissionRefusal.InsufficientCredits, _active.Count);
            }

            if (_active.Count >= options.ActiveTaskCap)
            {
                return new Admission(null, AdmissionRefusal.ConcurrencyLimit, _active.Count);
            }

            var id = Guid.NewGuid().ToString("D");
            var seed = submission.Seed ?? faults.NextSeed();
            var latency = options.Latency + faults.Jitter(options.LatencyJitter);
            var terminalAt = outcome == TaskOutcome.RequestModerated ? now : now + latency;
            var task = new SandboxTask(id, submission, submission.ToImageSpec(seed), outcome, now, terminalAt);
            _tasks[id] = task;
            if (task.IsActiveAt(now))
            {
                _active.Add(task);
            }

            if (outcome == TaskOutcome.Ready && _creditsLeft is not null)
            {
                _creditsLeft -= submission.Model.Cost;
            }

            return new Admission(task, AdmissionRefusal.None, _active.Count);
        }
    }

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
