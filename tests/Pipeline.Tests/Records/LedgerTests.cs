using Pipeline.Execution;
using Pipeline.Providers;
using Pipeline.Tests.Support;
using Pipeline.Records;

namespace Pipeline.Tests.Records;

public sealed class LedgerTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 23, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Replay_SubmittedWithoutSettled_IsInFlightWithItsPollingUrl()
    {
        var path = _dir.File("ledger.jsonl");
        using (var ledger = Ledger.Open(path))
        {
            ledger.Submitted("a", new SubmittedTask("req-a", new Uri("https://api.us1.bfl.ai/v1/get_result?id=req-a"), 0.07m), At);
            ledger.Submitted("b", new SubmittedTask("req-b", new Uri("https://api.us1.bfl.ai/v1/get_result?id=req-b"), 0.07m), At);
            ledger.Settled("b", "req-b", "succeeded", 0.07m, At);
        }

        var state = Ledger.Replay(Ledger.Read(path));

        var inFlight = Assert.Single(state.InFlight);
        Assert.Equal("a", inFlight.Key);
        Assert.Equal(new Uri("https://api.us1.bfl.ai/v1/get_result?id=req-a"), inFlight.Value.ToTask().PollingUrl);
        Assert.Equal(0.07m, state.BilledUsd);
    }

    [Fact]
    public void Read_TornLastLine_SkipsItAndTheNextAppendStartsOnItsOwnLine()
    {
        var path = _dir.File("ledger.jsonl");
        using (var ledger = Ledger.Open(path))
        {
            ledger.Submitted("a", new SubmittedTask("req-a", new Uri("http://h/a"), null), At);
        }

        File.AppendAllText(path, "{\"type\":\"submitted\",\"job\":\"b\",\"requ");
        using (var ledger = Ledger.Open(path))
        {
            ledger.Settled("a", "req-a", "succeeded", 0.07m, At);
        }

        var entries = Ledger.Read(path);

        Assert.Equal(["submitted a req-a", "settled a req-a"], entries.Select(e => e.ToString()));
        Assert.Empty(Ledger.Replay(entries).InFlight);
    }

    [Fact]
    public void Replay_ReservationWithoutOutcome_KeepsCountingEvenAfterAResubmit()
    {
        var path = _dir.File("ledger.jsonl");
        using (var ledger = Ledger.Open(path))
        {
            ledger.Reserved("a", 0.07m, At);
            ledger.Reserved("a", 0.07m, At);
            ledger.Submitted("a", new SubmittedTask("req-a", new Uri("http://h/a"), 0.07m), At);
            ledger.Settled("a", "req-a", "succeeded", 0.07m, At);
            ledger.Reserved("b", 0.07m, At);
            ledger.Settled("b", null, "failed", 0m, At);
        }

        var state = Ledger.Replay(Ledger.Read(path));

        Assert.Equal(0.07m, state.BilledUsd);
        Assert.Equal(0.07m, state.UnknownUsd);
        Assert.Empty(state.InFlight);
    }

    [Fact]
    public void Submitted_IsOnDiskBeforeItReturns()
    {
        var path = _dir.File("ledger.jsonl");
        using var ledger = Ledger.Open(path);

        ledger.Submitted("a", new SubmittedTask("req-a", new Uri("http://h/a"), 0.06m), At);

        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Assert.Contains("req-a", new StreamReader(reader).ReadToEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TasksWithAnOutcomeRowAreFinishedButACancelledRowLeavesOneOpen()
    {
        var path = _dir.File("ledger.jsonl");
        using (var ledger = Ledger.Open(path))
        {
            ledger.Submitted("recorded", new SubmittedTask("req-1", new Uri("http://h/1"), null), At);
            ledger.Submitted("cancelled", new SubmittedTask("req-2", new Uri("http://h/2"), null), At);
            ledger.Submitted("forced", new SubmittedTask("req-4", new Uri("http://h/4"), null), At.AddMinutes(5));
            ledger.Submitted("no-request-id", new SubmittedTask(string.Empty, new Uri("http://h/5"), null), At);
        }

        var rows = new[]
        {
            Some.Row("recorded") with { RequestId = "req-1" },
            Some.Row("cancelled", Pipeline.Domain.JobStatus.Cancelled) with { RequestId = "req-2" },
            Some.Row("forced") with { RequestId = "req-3", CompletedAt = At.AddMinutes(10) },
            Some.Row("no-request-id") with { RequestId = null, CompletedAt = At.AddSeconds(9) },
        };

        var open = Ledger.Replay(Ledger.Read(path)).Open(rows);

        Assert.Equal(["cancelled", "forced"], open.Keys.Order(StringComparer.Ordinal));
    }

    public void Dispose() => _dir.Dispose();
}
