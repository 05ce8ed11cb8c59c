using System.Text;
using Pipeline.Durability;
using Pipeline.Execution;
using Pipeline.Providers;
using Pipeline.Tests.Support;
using Pipeline.Records;

namespace Pipeline.Tests.Durability;

public sealed class GroupCommitTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void WaitDurable_TicketCoveredByAnEarlierFlush_ReturnsWithoutAnother()
    {
        using var file = File.OpenHandle(_dir.File("log"), FileMode.CreateNew, FileAccess.ReadWrite);
        var commit = new GroupCommit(file);
        RandomAccess.Write(file, "a\n"u8, 0);
        var first = commit.Written();
        RandomAccess.Write(file, "b\n"u8, 2);
        var second = commit.Written();

        commit.WaitDurable(second);
        commit.WaitDurable(first);
        commit.WaitDurable(second);

        Assert.Equal(1, commit.Flushes);
    }

    [Fact]
    public void WaitDurable_AppendAfterAFlush_FlushesAgain()
    {
        using var file = File.OpenHandle(_dir.File("log"), FileMode.CreateNew, FileAccess.ReadWrite);
        var commit = new GroupCommit(file);
        RandomAccess.Write(file, "a\n"u8, 0);
        commit.WaitDurable(commit.Written());
        RandomAccess.Write(file, "b\n"u8, 2);

        commit.WaitDurable(commit.Written());

        Assert.Equal(2, commit.Flushes);
    }

    [Fact]
    public void WaitDurable_AfterAFailedFlush_NeverReportsDurableAgain()
    {
        var file = File.OpenHandle(_dir.File("log"), FileMode.CreateNew, FileAccess.ReadWrite);
        var commit = new GroupCommit(file);
        RandomAccess.Write(file, "a\n"u8, 0);
        var ticket = commit.Written();
        file.Dispose();

        Assert.Throws<ObjectDisposedException>(() => commit.WaitDurable(ticket));
        var again = Assert.Throws<IOException>(() => commit.WaitDurable(ticket));

        Assert.IsType<ObjectDisposedException>(again.InnerException);
        Assert.Equal(0, commit.Flushes);
    }

    [Fact]
    public async Task Ledger_ConcurrentDurableEntries_AllReadBackWholeOnTheirOwnLines()
    {
        var path = _dir.File("ledger.jsonl");
        const int Writers = 8;
        const int PerWriter = 50;
        using (var ledger = Ledger.Open(path))
        {
            using var start = new Barrier(Writers);
            await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    for (var i = 0; i < PerWriter; i++)
                    {
                        var job = $"w{w}-{i}";
                        ledger.Reserved(job, 0.07m, DateTimeOffset.UnixEpoch);
                        ledger.Submitted(job, new SubmittedTask("req-" + job, new Uri("http://127.0.0.1/" + job), 0.07m), DateTimeOffset.UnixEpoch);
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)));
        }

        var entries = Ledger.Read(path);
        Assert.Equal(2 * Writers * PerWriter, entries.Count);
        Assert.Equal(Writers * PerWriter, Ledger.Replay(entries).InFlight.Count);
        Assert.Equal(entries.Count, File.ReadAllText(path, Encoding.UTF8).Count(c => c == '\n'));
    }

    public void Dispose() => _dir.Dispose();
}
