using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Pipeline.Execution;
using Pipeline.Domain;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>pipeline status &lt;campaign-dir&gt; [--json]</c>: progress of a campaign from its files (all shards merged),
/// also while other processes are running it. Reads only; exit 0 (2 when the folder does not exist).
/// </summary>
internal static class StatusCommand
{
    // Read by scripts, never placed in HTML: times and text as written (+00:00, not \u002B00:00).
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(TimeProvider? time = null)
    {
        var folder = new Argument<string>("campaign-dir") { Description = "The campaign folder, e.g. output/acme-spring." };
        var json = new Option<bool>("--json") { Description = "Print the status as JSON (for scripts and monitors)." };
        var command = new Command("status", "Show a campaign's progress: done, in flight, failed, spend and ETA; works while it runs.") { folder, json };
        command.SetAction((parse, _) =>
        {
            var io = parse.InvocationConfiguration;
            CampaignStatus status;
            try
            {
                status = CampaignStatus.Read(parse.GetRequiredValue(folder), time ?? TimeProvider.System);
            }
            catch (DirectoryNotFoundException ex)
            {
                io.Error.WriteLine("error: " + ex.Message);
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            io.Output.Write(parse.GetValue(json) ? JsonSerializer.Serialize(ToJson(status), Json) + Environment.NewLine : Text(status));
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    internal static string Text(CampaignStatus s)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder();
        text.AppendLine(inv, $"campaign:   {s.Campaign} ({Commands.RunReport.Shown(s.Root)})");
        var planned = s.Planned is { } p ? p.ToString(inv) + " planned, " : "plan size unknown (no run record), ";
        var notStarted = s.NotStarted is { } n ? n.ToString(inv) + " not started" : "? not started";
        var skipped = s.Skipped > 0 ? string.Create(inv, $"{s.Skipped} skipped (budget), ") : string.Empty;
        text.AppendLine(inv, $"jobs:       {planned}{s.Verified} verified, {s.InFlight} in flight, {s.Failed} failed, {skipped}{notStarted}");
        var reserved = s.InFlightUsd > 0 ? string.Create(inv, $", ${s.InFlightUsd} more in flight") : string.Empty;
        text.AppendLine(inv, $"spend:      ${s.SpentUsd} billed{reserved}");
        if (s.Renditions is (> 0, _) or (_, > 0))
        {
            text.AppendLine(inv, $"renditions: {s.Renditions.Kept} kept, {s.Renditions.Failed} failed");
        }

        foreach (var run in s.Runs)
        {
            var r = run.Record;
            var label = r.Shard == "1/1" ? "run:" : $"shard {r.Shard}:";
            var when = run.State switch
            {
                ShardRunState.Running => string.Create(inv, $"since {r.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z (pid {r.ProcessId} on {r.Host})"),
                _ when r.FinishedAt is { } finished => string.Create(inv, $"{finished.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z"),

                // A killed run never recorded its end: say when it started (issue 14, item 8).
                _ => string.Create(inv, $"(started {r.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z, pid {r.ProcessId} on {r.Host})"),
            };
            text.AppendLine(inv, $"{label,-11} {StateWord(run.State)} {when}, run {r.RunId}: {run.Finished} of {r.Pending} jobs done");
        }

        text.AppendLine(s.JobsPerMinute is { } rate
            ? string.Create(inv, $"throughput: {rate:0.#} jobs/min; ETA {PlanCommand.Format(s.Eta ?? TimeSpan.Zero)}")
            : s.Runs.Any(r => r.State == ShardRunState.Running) ? "throughput: no job finished yet; ETA unknown" : "throughput: not running");
        if (s.Runs.Any(r => r.State is ShardRunState.Died or ShardRunState.Interrupted or ShardRunState.Failed))
        {
            text.AppendLine("next:       a run stopped before it finished; run the same command again (or let serve resume it).");
        }

        return text.ToString();
    }

    private static string StateWord(ShardRunState state) => state switch
    {
        ShardRunState.Running => "running",
        ShardRunState.Completed => "completed",
        ShardRunState.Interrupted => "interrupted",
        ShardRunState.Stopped => "stopped submitting",
        ShardRunState.Died => "died (process gone)",
        _ => "failed",
    };

    private static object ToJson(CampaignStatus s) => new
    {
        s.Campaign,
        Folder = s.Root,
        s.Planned,
        s.Verified,
        s.InFlight,
        s.Failed,
        s.Skipped,
        s.NotStarted,
        s.SpentUsd,
        s.InFlightUsd,
        Renditions = s.Renditions.Kept,
        RenditionsFailed = s.Renditions.Failed,
        JobsPerMinute = s.JobsPerMinute is { } rate ? Math.Round(rate, 1) : (double?)null,
        EtaSeconds = s.Eta is { } eta ? Math.Round(eta.TotalSeconds) : (double?)null,
        Runs = s.Runs.Select(r => new
        {
            r.Record.Shard,
            r.Record.RunId,
            State = StateWord(r.State),
            r.Record.StartedAt,
            r.Record.FinishedAt,
            r.Record.Pending,
            r.Finished,
            Pid = r.Record.ProcessId,
            r.Record.Host,
        }),
    };
}
