using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Cli.Commands;
using Pipeline.Domain;
using Pipeline.Execution;
using Pipeline.Records;
using Pipeline.Tests.Support;
using Spectre.Console.Testing;

namespace Pipeline.Tests.Cli;

/// <summary>
/// Issue 14, item 7: on a terminal the bar shows spend and an ETA, stays where an interrupted run stopped (16 of 36,
/// not 100%), and counts cancelled jobs apart from failures; off a terminal the plain lines say the same.
/// </summary>
public sealed partial class RunProgressTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Live_InterruptedAt16Of36_BarStaysAt16Of36WithSpendAndEtaAndCancelledApart()
    {
        var time = new FakeTimeProvider();
        using var console = Terminal();
        var progress = new RunProgress(console, new ProgressTally(time), time);

        var summary = await progress.LiveAsync((onFinished, onPending, _) =>
        {
            onPending(36);
            var rows = Interrupted(14, cancelled: 2);
            foreach (var row in rows)
            {
                time.Advance(TimeSpan.FromSeconds(1));
                onFinished(row);
            }

            return Task.FromResult(new RunSummary(36, 0, rows, 0.98m, 0.98m, null, Interrupted: true));
        });

        var last = LastFrame(console.Output);
        Assert.Equal(16, summary.Outcomes.Count);
        Assert.Contains("16/36 done (14 ok, 0 failed, 2 cancelled), $0.98 billed, ETA 0:20", last, StringComparison.Ordinal);
        Assert.Contains("44%", last, StringComparison.Ordinal);
        Assert.DoesNotContain("100%", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Live_RealRunStoppedWithCtrlC_BarEndsAtTheJobsDoneNotAtTheTotal()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var manifest = _dir.Write("m.yaml", TestManifests.Small("bar", prompts: 6, seeds: 6, limits: "{concurrency: 1}"));
        var prepared = sandbox.Runner.Prepare(new RunRequest(manifest, _dir.File("out")));
        prepared.Options.MinPollInterval = TimeSpan.FromMilliseconds(20);
        prepared.Options.InitialServiceTime = TimeSpan.FromMilliseconds(60);
        using var console = Terminal();
        var tally = new ProgressTally(TimeProvider.System);
        using var ctrlC = new CancellationTokenSource();

        var summary = await new RunProgress(console, tally, TimeProvider.System).LiveAsync((onFinished, onPending, onRenditionsPending) =>
            sandbox.Runner.RunAsync(
                prepared,
                row =>
                {
                    onFinished(row);
                    if (tally.Done == 16)
                    {
                        ctrlC.Cancel(); // The first Ctrl+C: no new submits, jobs in flight finish.
                    }
                },
                onPending,
                onRenditionsPending,
                ctrlC.Token,
                CancellationToken.None));

        var done = summary.Outcomes.Count;
        var ok = summary.Count(JobStatus.Succeeded);
        var cancelled = summary.Count(JobStatus.Cancelled);
        var last = LastFrame(console.Output);
        Assert.True(summary.Interrupted);
        Assert.InRange(done, 16, 18);
        Assert.Equal(done, ok + cancelled);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{done}/36 done ({ok} ok, 0 failed"), last, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{done * 100 / 36}%"), last, StringComparison.Ordinal);
        Assert.Matches(@"\$\d+\.\d+ billed, ETA \d+:\d\d", last);
        Assert.DoesNotContain("100%", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_OffATerminal_PrintsTheSameCountsEveryIntervalAndNamesEachCellThatDidNotSucceed()
    {
        var time = new FakeTimeProvider();
        using var console = new TestConsole().Width(Pipeline.Cli.Terminal.UnwrappedWidth); // As Terminal.For sets it off a terminal.
        var progress = new RunProgress(console, new ProgressTally(time), time);

        await progress.PlainAsync(TimeSpan.FromSeconds(5), (onFinished, onPending, _) =>
        {
            onPending(36);
            var rows = Interrupted(13, cancelled: 2).Prepend(Some.Row("ffffffffffffffff", JobStatus.Failed) with { CostUsd = 0m, Detail = "HTTP 500" }).ToList();
            foreach (var row in rows)
            {
                onFinished(row);
            }

            time.Advance(TimeSpan.FromSeconds(5));
            return Task.FromResult(new RunSummary(36, 0, rows, 0.91m, 0.91m, null, Interrupted: true));
        });

        Assert.Contains("progress: 16/36 done (13 ok, 1 failed, 2 cancelled), $0.91 billed, ETA 0:06", console.Output, StringComparison.Ordinal);
        Assert.Contains("  failed: prompt=kettle-hero,strength=0.8,seed=11,ratio=16:9 (job ffffffffffffffff): HTTP 500", console.Output, StringComparison.Ordinal);
        Assert.Contains("  cancelled: prompt=kettle-hero", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_NothingDoneYet_EtaUnknownAndSkipsCountedApart()
    {
        var time = new FakeTimeProvider();
        var tally = new ProgressTally(time) { Total = 3 };

        var before = tally.Describe();
        tally.Add(Some.Row("aaaaaaaaaaaaaaaa", JobStatus.SkippedBudget) with { CostUsd = 0m });

        Assert.Equal("0/3 done (0 ok, 0 failed), $0 billed, ETA unknown", before);
        Assert.Equal("1/3 done (0 ok, 0 failed, 1 skipped_budget), $0 billed, ETA 0:00", tally.Describe());
    }

    private static TestConsole Terminal() => new TestConsole().Interactive().SupportsAnsi(true).Width(200);

    /// <summary><paramref name="ok"/> succeeded rows at $0.07, then <paramref name="cancelled"/> cancelled ones (nothing billed).</summary>
    private static List<AuditRow> Interrupted(int ok, int cancelled) =>
    [
        .. Enumerable.Range(0, ok).Select(i => Some.Row(i.ToString("x16", CultureInfo.InvariantCulture))),
        .. Enumerable.Range(ok, cancelled).Select(i => Some.Row(i.ToString("x16", CultureInfo.InvariantCulture), JobStatus.Cancelled) with { CostUsd = 0m, Detail = "cancelled before submit; nothing billed" }),
    ];

    /// <summary>The bar as last drawn: the live display redraws in place, so the output holds every frame in order.</summary>
    private static string LastFrame(string output)
    {
        var frames = DoneCount().Matches(output);
        Assert.NotEmpty(frames);
        return output[frames[^1].Index..];
    }

    [GeneratedRegex(@"\d+/\d+ done")]
    private static partial Regex DoneCount();

    public void Dispose() => _dir.Dispose();
}
