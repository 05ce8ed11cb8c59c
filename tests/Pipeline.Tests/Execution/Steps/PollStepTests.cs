using System.Net;
using Pipeline.Execution;
using Pipeline.Providers;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Execution.Steps;

public sealed class PollStepTests : IDisposable
{
    private readonly StepRig _rig = new();

    [Fact]
    public async Task PollAsync_NoPollBeforeTheScheduleSaysSo()
    {
        _rig.Provider.ThenPoll(() => new TaskPoll(TaskState.Ready, new Uri("http://127.0.0.1:9/r.jpg")));
        var first = _rig.Schedule.NextDelay(0, TimeSpan.Zero, null);
        var record = StepRig.Record();

        var polling = new PollStep(_rig.Services).PollAsync(record, ScriptedProvider.Task(record.Job), learn: true, CancellationToken.None);
        _rig.Time.Advance(first - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, _rig.Provider.Polls);
        _rig.Time.Advance(TimeSpan.FromMilliseconds(1));
        var poll = await polling;

        Assert.Equal(TaskState.Ready, poll.State);
        Assert.Equal(1, record.Polls);
    }

    [Fact]
    public async Task PollAsync_TimerWakesEarly_PollStillWaitsForTheScheduledTime()
    {
        _rig.Time.EarlyBy = TimeSpan.FromMilliseconds(3);
        _rig.Provider.ThenPoll(() => new TaskPoll(TaskState.Ready, new Uri("http://127.0.0.1:9/r.jpg")));
        var first = _rig.Schedule.NextDelay(0, TimeSpan.Zero, null);
        var record = StepRig.Record();

        var polling = new PollStep(_rig.Services).PollAsync(record, ScriptedProvider.Task(record.Job), learn: true, CancellationToken.None);
        _rig.Time.Advance(first - TimeSpan.FromMilliseconds(3));
        await _rig.Time.ParkedAsync(polling);
        Assert.Equal(0, _rig.Provider.Polls);
        _rig.Time.Advance(TimeSpan.FromMilliseconds(3));
        var poll = await polling;

        Assert.Equal((TaskState.Ready, 1), (poll.State, record.Polls));
    }

    [Fact]
    public async Task PollAsync_FailedPollsBelowTheLimit_PolledAgainOnTheSchedule()
    {
        var failure = new ProviderException("poll: HTTP 503", Acceptance.NotAccepted, HttpStatusCode.ServiceUnavailable);
        _rig.Provider.ThenPoll(() => throw failure).ThenPoll(() => throw failure).ThenPoll(() => new TaskPoll(TaskState.Ready, new Uri("http://127.0.0.1:9/r.jpg")));
        var record = StepRig.Record();

        var poll = await _rig.DriveAsync(new PollStep(_rig.Services).PollAsync(record, ScriptedProvider.Task(record.Job), learn: false, CancellationToken.None));

        Assert.Equal(TaskState.Ready, poll.State);
        Assert.Equal(3, _rig.Provider.Polls);
        Assert.Equal(1, record.Polls);
    }

    [Fact]
    public async Task PollAsync_FailedPollsUpToTheLimit_FailsTheJob()
    {
        _rig.Options.MaxPollFailures = 3;
        _rig.Provider.ThenPoll(() => throw new ProviderException("poll: HTTP 503", Acceptance.NotAccepted, HttpStatusCode.ServiceUnavailable));
        var record = StepRig.Record();

        var poll = await _rig.DriveAsync(new PollStep(_rig.Services).PollAsync(record, ScriptedProvider.Task(record.Job), learn: false, CancellationToken.None));

        Assert.Equal(3, _rig.Provider.Polls);
        Assert.Equal("polling failed: poll: HTTP 503", poll.Detail);
    }

    [Fact]
    public async Task PollAsync_FatalAnswer_FailsAtOnceAndStopsSubmitting()
    {
        _rig.Provider.ThenPoll(() => throw new ProviderException("poll: HTTP 403", Acceptance.Rejected, HttpStatusCode.Forbidden));
        var record = StepRig.Record();

        var poll = await _rig.DriveAsync(new PollStep(_rig.Services).PollAsync(record, ScriptedProvider.Task(record.Job), learn: false, CancellationToken.None));

        Assert.Equal((TaskState.Failed, 1), (poll.State, _rig.Provider.Polls));
        Assert.Equal(["poll: HTTP 403"], _rig.Stops);
    }

    [Fact]
    public async Task PollAsync_PendingPastTheJobDeadline_Fails()
    {
        _rig.Options.JobDeadline = TimeSpan.FromMinutes(1);
        var record = StepRig.Record();

        var poll = await _rig.DriveAsync(new PollStep(_rig.Services).PollAsync(record, ScriptedProvider.Task(record.Job), learn: false, CancellationToken.None));

        Assert.Equal("no result within the 1-minute job deadline", poll.Detail);
        Assert.InRange(_rig.Provider.Polls, 2, 20);
    }

    [Fact]
    public async Task PollAsync_CancelledBetweenFailedPolls_ThrowsSoTheTaskStaysInFlight()
    {
        using var stop = new CancellationTokenSource();
        _rig.Provider.ThenPoll(() =>
        {
            stop.Cancel();
            throw new ProviderException("poll: HTTP 503", Acceptance.NotAccepted, HttpStatusCode.ServiceUnavailable);
        });
        var record = StepRig.Record();

        var polling = new PollStep(_rig.Services).PollAsync(record, ScriptedProvider.Task(record.Job), learn: false, stop.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _rig.DriveAsync(polling));
    }

    public void Dispose() => _rig.Dispose();
}
