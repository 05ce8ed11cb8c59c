using System.CommandLine;
using System.Globalization;
using Pipeline.Audit;
using Spectre.Console;
using Pipeline.Records;

using Pipeline.Domain;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline audit &lt;campaign-dir&gt;</c>: jobs by status, spend by model and prompt, latency, attempts; no calls.</summary>
internal static class AuditCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var dir = CampaignArgument.Create();
        var command = new Command("audit", "Summarize a campaign's audit logs: jobs by status, spend by model and by prompt, latency p50/p95, attempts; calls nothing.") { dir };
        command.SetAction((parse, _) =>
        {
            var io = parse.InvocationConfiguration;
            return Task.FromResult(CampaignArgument.Run(parse.GetRequiredValue(dir), io.Error, folder =>
            {
                var audit = CampaignAudit.Read(folder);
                Print(Terminal.For(io.Output), io.Output, Path.GetFileName(folder.Root), audit, AuditSummary.Of(audit));
                AuditDecisions.Print(Terminal.For(io.Output), io.Output, ReviewSummary.Of(audit, CampaignReview.Read(folder)));
                return ExitCodes.Ok;
            }));
        });
        return command;
    }

    /// <summary>Tables through the console; every other line plain, never wrapped.</summary>
    private static void Print(IAnsiConsole console, TextWriter output, string campaign, CampaignAudit audit, AuditSummary s)
    {
        var logs = string.Join(", ", audit.Logs.Select(l => Path.GetFileName(l.Path)));
        output.WriteLine(string.Create(Inv, $"{campaign}: {s.Jobs} jobs, {s.Rows} outcome rows, {s.Runs} run(s) ({logs})"));
        var statuses = new Table().AddColumn("status (latest per job)").AddColumn(new TableColumn("jobs").RightAligned());
        foreach (var line in s.ByStatus)
        {
            statuses.AddRow(line.Status.ToWire(), line.Jobs.ToString(Inv));
        }

        console.Write(statuses);
        output.WriteLine(string.Create(Inv, $"pass rate: {s.PassRate:0.#%} ({s.Succeeded} of {s.Jobs})"));
        output.WriteLine(string.Create(Inv, $"spend: ${s.SpentUsd} over all runs"));
        console.Write(SpendTable("model", s.SpendByModel));
        console.Write(SpendTable("prompt", s.SpendByPrompt));
        output.WriteLine(s.Latency is { } l
            ? string.Create(Inv, $"latency (submitted → completed, {l.Samples} rows): p50 {Seconds(l.P50)}, p95 {Seconds(l.P95)}, max {Seconds(l.Max)}")
            : "latency: no row has both submitted_at and completed_at");
        var a = s.Attempts;
        output.WriteLine(string.Create(Inv, $"attempts: {a.Total} in total, {(s.Rows == 0 ? 0 : (double)a.Total / s.Rows):0.##} per row, at most {a.Max}; {a.Retried} row(s) needed more than one"));
        if (audit.TornBytes > 0)
        {
            output.WriteLine(string.Create(Inv, $"note: an audit log ends in a torn row ({audit.TornBytes} bytes), not counted; the next run repairs it."));
        }
    }

    private static Table SpendTable(string by, IReadOnlyList<SpendLine> lines)
    {
        var table = new Table().AddColumn(by).AddColumn(new TableColumn("rows").RightAligned()).AddColumn(new TableColumn("kept").RightAligned()).AddColumn(new TableColumn("spend").RightAligned());
        foreach (var line in lines)
        {
            table.AddRow(Markup.Escape(line.Name), line.Rows.ToString(Inv), line.Succeeded.ToString(Inv), "$" + line.Usd.ToString(Inv));
        }

        return table;
    }

    private static string Seconds(TimeSpan t) => string.Create(Inv, $"{t.TotalSeconds:0.00} s");
}
