using Pipeline.Domain;
using Pipeline.Providers;

namespace Pipeline.Tests.Support;

/// <summary>
/// A provider at the boundary, answering from scripts: each submit or poll takes the next answer (the last one
/// repeats). Every call is journaled with the fake clock's time, and <see cref="OnSubmit"/>/<see cref="OnPoll"/> let a
/// test look at the world (ledger, gate) at the moment the request would go out.
/// </summary>
internal sealed class ScriptedProvider(TimeProvider time) : IImageProvider
{
    private readonly Queue<Func<Job, SubmittedTask>> _submits = new();
    private readonly Queue<Func<TaskPoll>> _polls = new();
    private Func<Job, SubmittedTask> _lastSubmit = job => Task(job);
    private Func<TaskPoll> _lastPoll = () => new TaskPoll(TaskState.Pending);

    public string Name => "bfl";

    public List<(string Call, DateTimeOffset At)> Journal { get; } = [];

    public int Submits => Journal.Count(c => c.Call == "submit");

    public int Polls => Journal.Count(c => c.Call == "poll");

    public Action? OnSubmit { get; set; }

    public Action? OnPoll { get; set; }

    /// <summary>Signalled on every submit call, for tests whose submits run on other threads.</summary>
    public SemaphoreSlim Submitted { get; } = new(0);

    public static SubmittedTask Task(Job job) => new("req-" + job.Id.Value, new Uri("http://127.0.0.1:9/v1/get_result?id=req-" + job.Id.Value), 0.07m);

    public ScriptedProvider ThenSubmit(Func<Job, SubmittedTask> answer)
    {
        _submits.Enqueue(answer);
        _lastSubmit = answer;
        return this;
    }

    public ScriptedProvider ThenSubmitFails(ProviderException failure) => ThenSubmit(_ => throw failure);

    public ScriptedProvider ThenPoll(Func<TaskPoll> answer)
    {
        _polls.Enqueue(answer);
        _lastPoll = answer;
        return this;
    }

    public Task<SubmittedTask> SubmitAsync(Job job, CancellationToken cancellationToken)
    {
        lock (Journal)
        {
            Journal.Add(("submit", time.GetUtcNow()));
        }

        OnSubmit?.Invoke();
        Submitted.Release();
        var answer = _submits.TryDequeue(out var next) ? next : _lastSubmit;
        return System.Threading.Tasks.Task.FromResult(answer(job));
    }

    public Task<TaskPoll> PollAsync(SubmittedTask task, CancellationToken cancellationToken)
    {
        lock (Journal)
        {
            Journal.Add(("poll", time.GetUtcNow()));
        }

        OnPoll?.Invoke();
        var answer = _polls.TryDequeue(out var next) ? next : _lastPoll;
        return System.Threading.Tasks.Task.FromResult(answer());
    }
}
