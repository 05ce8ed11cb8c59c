using System.Net;
using Pipeline.Execution;
using Pipeline.Providers;
using Pipeline.Records;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Execution.Steps;

public sealed class SubmitStepTests : IDisposable
{
    private readonly StepRig _rig = new();

    [Fact]
    public async Task SubmitAsync_Accepted_ReservedIsDurableBeforeTheRequestAndSubmittedBeforeItReturns()
    {
        IReadOnlyList<string>? atSubmit = null;
        _rig.Provider.OnSubmit = () => atSubmit = _rig.LedgerTypes();
        var record = StepRig.Record();

        var submission = await Submit().SubmitAsync(record, CancellationToken.None, CancellationToken.None);

        Assert.Equal([LedgerEntry.ReservedType], atSubmit);
        Assert.Equal([LedgerEntry.ReservedType, LedgerEntry.SubmittedType], _rig.LedgerTypes());
        Assert.NotNull(submission);
        Assert.Equal(1, _rig.Gate.InFlight);
        Assert.Equal(("req-" + record.Job.Id.Value, 1), (record.RequestId, record.Attempts));
    }

    [Fact]
    public async Task SubmitAsync_BadGateway_ResentAfterTheBackoffOnTheClock()
    {
        _rig.Provider.ThenSubmitFails(new ProviderException("submit: HTTP 502", Acceptance.NotAccepted, HttpStatusCode.BadGateway)).ThenSubmit(ScriptedProvider.Task);
        var record = StepRig.Record();

        var submitting = Submit().SubmitAsync(record, CancellationToken.None, CancellationToken.None);
        Assert.Equal(1, _rig.Provider.Submits);
        _rig.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _rig.Provider.Submits);
        var submission = await _rig.DriveAsync(submitting);

        Assert.NotNull(submission);
        Assert.Equal(2, record.Attempts);
        Assert.Single(_rig.LedgerTypes(), LedgerEntry.ReservedType);
    }

    [Fact]
    public async Task SubmitAsync_AmbiguousTwice_ResentOnceOnlyAndTheRowSaysItMayBillTwice()
    {
        _rig.Provider.ThenSubmitFails(new ProviderException("submit: HTTP 500", Acceptance.Ambiguous, HttpStatusCode.InternalServerError));
        var record = StepRig.Record();

        var submission = await _rig.DriveAsync(Submit().SubmitAsync(record, CancellationToken.None, CancellationToken.None));

        Assert.Null(submission);
        Assert.Equal(2, _rig.Provider.Submits);
        Assert.Equal(2, record.Attempts);
        Assert.Contains("may bill twice", record.ToRow(Pipeline.Domain.JobStatus.Failed, "not rendered").Detail, StringComparison.Ordinal);
        Assert.Equal(0, _rig.Gate.InFlight);
    }

    [Fact]
    public async Task SubmitAsync_AmbiguousOnTheLastAttempt_NotResentAndNotClaimedAsRetried()
    {
        _rig.Options.MaxAttempts = 2;
        _rig.Provider
            .ThenSubmitFails(new ProviderException("submit: HTTP 503", Acceptance.NotAccepted, HttpStatusCode.ServiceUnavailable))
            .ThenSubmitFails(new ProviderException("submit: timed out", Acceptance.Ambiguous));
        var record = StepRig.Record();

        var submission = await _rig.DriveAsync(Submit().SubmitAsync(record, CancellationToken.None, CancellationToken.None));

        Assert.Null(submission);
        Assert.Equal(2, _rig.Provider.Submits);
        Assert.DoesNotContain("retried once", record.ToRow(Pipeline.Domain.JobStatus.Failed, "not rendered").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_Rejected_NeverResent()
    {
        _rig.Provider.ThenSubmitFails(new ProviderException("submit: HTTP 422", Acceptance.Rejected, HttpStatusCode.UnprocessableEntity));
        var record = StepRig.Record();

        var submission = await Submit().SubmitAsync(record, CancellationToken.None, CancellationToken.None);

        Assert.Null(submission);
        Assert.Equal(1, _rig.Provider.Submits);
        Assert.Equal(0, _rig.Gate.InFlight);
    }

    [Fact]
    public async Task SubmitAsync_Throttled_GivesThePermitBackAndSubmitsAgainAfterRetryAfter()
    {
        _rig.Provider.ThenSubmitFails(new ProviderException("submit: HTTP 429", Acceptance.NotAccepted, HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(30))).ThenSubmit(ScriptedProvider.Task);
        var record = StepRig.Record();

        var submitting = Submit().SubmitAsync(record, CancellationToken.None, CancellationToken.None);
        Assert.Equal((1, 0, 1), (_rig.Provider.Submits, _rig.Gate.InFlight, _rig.Gate.Limit));
        _rig.Time.Advance(TimeSpan.FromSeconds(29.9));
        Assert.Equal(1, _rig.Provider.Submits);
        _rig.Time.Advance(TimeSpan.FromSeconds(0.1));
        var submission = await submitting;

        Assert.NotNull(submission);
        Assert.Equal((2, 1), (_rig.Provider.Submits, _rig.Gate.InFlight));
        Assert.Equal([LedgerEntry.ReservedType, LedgerEntry.SubmittedType], _rig.LedgerTypes());
    }

    [Fact]
    public async Task SubmitAsync_ThrottledUntilAnHttpDate_WaitsUntilThatTimeOnTheClock()
    {
        var at = _rig.Time.GetUtcNow() + TimeSpan.FromSeconds(20);
        _rig.Provider.ThenSubmitFails(new ProviderException("submit: HTTP 429", Acceptance.NotAccepted, HttpStatusCode.TooManyRequests) { RetryAt = at }).ThenSubmit(ScriptedProvider.Task);

        var submitting = Submit().SubmitAsync(StepRig.Record(), CancellationToken.None, CancellationToken.None);
        _rig.Time.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(1, _rig.Provider.Submits);
        _rig.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.NotNull(await submitting);
        Assert.Equal(2, _rig.Provider.Submits);
    }

    [Fact]
    public async Task SubmitAsync_ThrottledPastTheLimit_FailsTheJobInsteadOfTheRun()
    {
        _rig.Provider.ThenSubmitFails(new ProviderException("submit: HTTP 429", Acceptance.NotAccepted, HttpStatusCode.TooManyRequests, TimeSpan.Zero));
        var record = StepRig.Record();

        var submission = await Submit().SubmitAsync(record, CancellationToken.None, CancellationToken.None);

        Assert.Null(submission);
        Assert.Equal(RetryPipelines.MaxThrottledSubmits + 1, _rig.Provider.Submits);
        Assert.Contains("gave up", record.ToRow(Pipeline.Domain.JobStatus.Failed, "not rendered").Detail, StringComparison.Ordinal);
        Assert.Equal(0, _rig.Gate.InFlight);
    }

    [Fact]
    public async Task SubmitAsync_StoppedWhileWaitingOutA429_IsCancelledNotFailed()
    {
        _rig.Provider.ThenSubmitFails(new ProviderException("submit: HTTP 429", Acceptance.NotAccepted, HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(30)));
        using var stop = new CancellationTokenSource();

        var submitting = Submit().SubmitAsync(StepRig.Record(), stop.Token, CancellationToken.None);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => submitting);
        Assert.Equal(1, _rig.Provider.Submits);
    }

    [Fact]
    public async Task SubmitAsync_FatalAnswer_StopsSubmittingForTheRun()
    {
        _rig.Provider.ThenSubmitFails(new ProviderException("submit: HTTP 401", Acceptance.Rejected, HttpStatusCode.Unauthorized));

        Assert.Null(await Submit().SubmitAsync(StepRig.Record(), CancellationToken.None, CancellationToken.None));

        Assert.Equal(["submit: HTTP 401"], _rig.Stops);
    }

    [Fact]
    public async Task ReattachAsync_TaskFromAnEarlierRun_TakesAPermitAndNeverSubmits()
    {
        var earlier = new LedgerEntry(LedgerEntry.SubmittedType, "job", "req-old", "http://127.0.0.1:9/v1/get_result?id=req-old", 0.07m, null, null, _rig.Time.GetUtcNow());
        var record = StepRig.Record();

        var submission = await Submit().ReattachAsync(record, earlier, CancellationToken.None);

        Assert.Equal("req-old", submission.Task.RequestId);
        Assert.Equal((0, 1), (_rig.Provider.Submits, _rig.Gate.InFlight));
        Assert.Empty(_rig.LedgerTypes());
    }

    public void Dispose() => _rig.Dispose();

    private SubmitStep Submit() => new(_rig.Services, new SubmitBreaker(_rig.Services.StopSubmitting));
}
