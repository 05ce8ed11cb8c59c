using Pipeline.Execution;
using Pipeline.Providers;
using Pipeline.Tests.Support;
using Pipeline.Records;

namespace Pipeline.Tests.Records;

/// <summary>fal's response_url is kept in the ledger, so a rerun re-attaches without building URLs.</summary>
public sealed class LedgerResultUrlTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Submitted_WithAResultUrl_ReplaysIntoTheSameTask()
    {
        var path = _dir.File("ledger.jsonl");
        var task = new SubmittedTask("r1", new Uri("https://queue.fal.run/fal-ai/flux-pro/requests/r1/status"), null, new Uri("https://queue.fal.run/fal-ai/flux-pro/requests/r1"));
        using (var ledger = Ledger.Open(path))
        {
            ledger.Submitted("job-1", task, DateTimeOffset.UnixEpoch);
        }

        var replayed = Ledger.Replay(Ledger.Read(path)).InFlight["job-1"].ToTask();

        Assert.Equal(task, SubmittedTask.Reattach(replayed));
    }

    [Fact]
    public void Read_EntryWrittenBeforeResultUrlExisted_StillReadable()
    {
        var path = _dir.Write("ledger.jsonl", """{"type":"submitted","job":"j","request_id":"r","polling_url":"https://api.us1.bfl.ai/v1/get_result?id=r","at":"2026-01-01T00:00:00+00:00"}""" + "\n");

        var task = Ledger.Replay(Ledger.Read(path)).InFlight["j"].ToTask();

        Assert.Null(task.ResultUrl);
        Assert.Equal("r", task.RequestId);
    }

    public void Dispose() => _dir.Dispose();
}
