using System.Net;
using Pipeline.Domain;
using Pipeline.Execution;
using Pipeline.Providers;
using Pipeline.Records;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Execution.Steps;

public sealed class JobRunnerTests : IDisposable
{
    private readonly StepRig _rig = new();

    [Fact]
    public async Task RunAsync_ReadyTask_SubmittedIsDurableBeforeThePollAndThePermitIsBackBeforeTheDownload()
    {
        IReadOnlyList<string>? atPoll = null;
        var inFlightAtDownload = new List<int>();
        _rig.Provider.OnPoll = () => atPoll ??= _rig.LedgerTypes();
        _rig.Provider.ThenPoll(() => new TaskPoll(TaskState.Ready, new Uri("http://127.0.0.1:9/result.jpg")));
        using var http = new HttpClient(new Answer(() =>
        {
            inFlightAtDownload.Add(_rig.Gate.InFlight);
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        }));
        using var runner = new JobRunner(_rig.Services, new ImageDownloader(http));

        var row = await _rig.DriveAsync(runner.RunAsync(Some.UltraJob(), CancellationToken.None, CancellationToken.None));

        Assert.Equal([LedgerEntry.ReservedType, LedgerEntry.SubmittedType], atPoll);
        Assert.Equal([0, 0, 0], inFlightAtDownload);
        Assert.Equal((JobStatus.Failed, "not downloaded", 1), (row.Status, row.Verification, row.Attempts));
        Assert.Equal("download failed: HTTP 503; downloaded again; download failed: HTTP 503; downloaded again; download failed: HTTP 503", row.Detail);
        Assert.Equal(row.JobId, Assert.Single(AuditReader.Read(_rig.Folder.AuditPath)).JobId);
        Assert.Equal([LedgerEntry.ReservedType, LedgerEntry.SubmittedType, LedgerEntry.SettledType], _rig.LedgerTypes());
    }

    [Fact]
    public async Task RunAsync_TaskNotFound_ResubmittedOnceWithThePermitGivenBackFirst()
    {
        var inFlightAtSubmit = new List<int>();
        _rig.Provider.OnSubmit = () => inFlightAtSubmit.Add(_rig.Gate.InFlight);
        _rig.Provider.ThenPoll(() => new TaskPoll(TaskState.NotFound)).ThenPoll(() => new TaskPoll(TaskState.ContentModerated, Detail: "Content Moderated"));
        using var http = new HttpClient(new Answer(() => throw new InvalidOperationException("no download expected")));
        using var runner = new JobRunner(_rig.Services, new ImageDownloader(http));

        var row = await _rig.DriveAsync(runner.RunAsync(Some.UltraJob(), CancellationToken.None, CancellationToken.None));

        Assert.Equal([1, 1], inFlightAtSubmit);
        Assert.Equal((JobStatus.ContentModerated, 2), (row.Status, row.Attempts));
        Assert.Equal(0, _rig.Gate.InFlight);
    }

    [Fact]
    public async Task RunAsync_OverBudget_SkippedWithoutAnyCall()
    {
        using var rig = new StepRig();
        var budget = new Budget(0.01m);
        var services = rig.Services with { Run = rig.Services.Run with { Budget = budget } };
        using var http = new HttpClient(new Answer(() => throw new InvalidOperationException("no download expected")));
        using var runner = new JobRunner(services, new ImageDownloader(http));

        var row = await runner.RunAsync(Some.UltraJob(), CancellationToken.None, CancellationToken.None);

        Assert.Equal(JobStatus.SkippedBudget, row.Status);
        Assert.Empty(rig.Provider.Journal);
        Assert.Empty(rig.LedgerTypes());
    }

    public void Dispose() => _rig.Dispose();

    private sealed class Answer(Func<HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer());
    }
}
