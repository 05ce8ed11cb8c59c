using System.Globalization;
using Pipeline.Domain;
using Pipeline.Execution;
using Pipeline.Records;
using Spectre.Console;

namespace Pipeline.Cli.Commands;

/// <summary>
/// How a run shows its progress (issue 14, item 7): a live bar on a terminal, a plain <c>progress: …</c> line every few
/// seconds otherwise (CI, pipes, logs). Both read one <see cref="ProgressTally"/>, so they say the same thing: done of
/// the jobs this run renders, ok / failed / cancelled apart, billed spend and an ETA.
/// </summary>
/// <param name="time">Ticks the bar's description and the plain lines (the tally's ETA reads its own clock).</param>
internal sealed class RunProgress(IAnsiConsole console, ProgressTally tally, TimeProvider time)
{
    /// <summary>
    /// The work of a run, told of each finished job, of how many jobs it renders, and of how many masters' renditions are
    /// still being derived once every job has ended.
    /// </summary>
    public delegate Task<RunSummary> Work(Action<AuditRow> onFinished, Action<int> onPending, Action<int> onRenditionsPending);

    /// <summary>Runs <paramref name="work"/> under the live bar on a terminal, else with plain lines every <paramref name="plainInterval"/>.</summary>
    public Task<RunSummary> ShowAsync(TimeSpan plainInterval, Work work) =>
        console.Profile.Capabilities.Interactive ? LiveAsync(work) : PlainAsync(plainInterval, work);

    /// <summary>
    /// The live bar counts the jobs this run renders and ends where the run did: an interrupted run's bar stays short of
    /// 100%, and cancelled jobs are counted as cancelled, not as failures.
    /// </summary>
    public async Task<RunSummary> LiveAsync(Work work)
    {
        ArgumentNullException.ThrowIfNull(work);
        RunSummary? summary = null;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var bar = ctx.AddTask("checking kept files", maxValue: 1);
                using var ticker = time.CreateTimer(_ => bar.Description = Markup.Escape(tally.Describe()), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
                summary = await work(
                    row =>
                    {
                        tally.Add(row);
                        bar.Description = Markup.Escape(tally.Describe());
                        bar.Value = tally.Done;
                    },
                    pending =>
                    {
                        tally.Total = pending;
                        bar.MaxValue = Math.Max(1, pending);
                        bar.Description = Markup.Escape(tally.Describe());
                    },
                    left =>
                    {
                        tally.RenditionsPending = left;
                        bar.Description = Markup.Escape(tally.Describe());
                    });
                bar.Description = Markup.Escape(tally.Describe());
                bar.Value = summary.Outcomes.Count;
            });
        return summary!;
    }

    /// <summary>Piped or in CI: a plain progress line every <paramref name="interval"/>, so a long run is never silent, and a line per job that did not succeed.</summary>
    public async Task<RunSummary> PlainAsync(TimeSpan interval, Work work)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var ticker = time.CreateTimer(_ => console.WriteLine("progress: " + tally.Describe()), null, interval, interval);
        return await work(
            row =>
            {
                tally.Add(row);
                ReportPlain(row);
            },
            pending => tally.Total = pending,
            left =>
            {
                tally.RenditionsPending = left;
                if (left > 0)
                {
                    console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"every job has ended; deriving the renditions of the last {left} masters before the run ends."));
                }
            });
    }

    /// <summary>One line per job that did not succeed, naming its cell; budget skips get one summary line at the end instead.</summary>
    private void ReportPlain(AuditRow row)
    {
        if (row.Status is not (JobStatus.Succeeded or JobStatus.SkippedBudget))
        {
            console.WriteLine($"  {row.Status.ToWire()}: {JobCell.Of(row)} (job {row.JobId}): {row.Detail}");
        }
    }
}
