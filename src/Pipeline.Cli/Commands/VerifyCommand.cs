using System.CommandLine;
using System.Globalization;
using Pipeline.Verification;
using Spectre.Console;
using Pipeline.Domain;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline verify &lt;campaign-dir&gt;</c>: re-check every file against the audit logs and ledgers; no calls.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var dir = CampaignArgument.Create();
        var command = new Command("verify", "Re-check every image of a campaign folder against its audit logs and ledgers (hashes, sizes, formats, integrity, orphans); calls nothing. Exit 1 on any problem.") { dir };
        command.SetAction((parse, _) =>
        {
            var io = parse.InvocationConfiguration;
            return Task.FromResult(CampaignArgument.Run(parse.GetRequiredValue(dir), io.Error, folder =>
            {
                var verification = CampaignVerifier.Run(folder);
                var csv = TryWriteCsv(verification, io.Error);
                Print(Terminal.For(io.Output), io.Output, verification, csv);
                return verification.Passed ? ExitCodes.Ok : ExitCodes.JobsFailed;
            }));
        });
        return command;
    }

    /// <summary>The table through the console; every other line plain, so a long file name is never wrapped (scripts grep for it).</summary>
    private static void Print(IAnsiConsole console, TextWriter output, CampaignVerification v, string? csv)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"{Path.GetFileName(v.Folder.Root)}: {v.Jobs} jobs, {v.AuditLogs} audit log(s), {v.Ledgers} ledger(s)"));
        if (v.Renditions > 0)
        {
            output.WriteLine(string.Create(inv, $"renditions: {v.Renditions} checked against renditions.csv"));
        }

        var table = new Table().AddColumn("result").AddColumn(new TableColumn("count").RightAligned());
        foreach (var (result, count) in v.Counts)
        {
            table.AddRow(result.ToWire(), count.ToString(inv));
        }

        console.Write(table);
        foreach (var check in v.Problems)
        {
            output.WriteLine($"{check.Result.ToWire()}: {check.File ?? "job " + check.JobId}: {string.Join("; ", check.Problems)}");
        }

        if (v.TornBytes > 0)
        {
            output.WriteLine(string.Create(inv, $"note: an audit log ends in a torn row ({v.TornBytes} bytes), ignored here; the next run repairs it."));
        }

        if (csv is not null)
        {
            output.WriteLine("details:   " + RunReport.Shown(csv));
        }

        var problems = v.Problems.Count;
        output.WriteLine(problems == 0
            ? "verified: every kept file matches its records."
            : string.Create(inv, $"{problems} problem(s). Delete a damaged file and run the manifest again to re-render it."));
    }

    /// <summary>The CSV is auxiliary: failing to write it is a warning, never a different verdict.</summary>
    private static string? TryWriteCsv(CampaignVerification verification, TextWriter error)
    {
        try
        {
            return VerificationCsv.Write(verification);
        }
        catch (IOException ex)
        {
            error.WriteLine("warning: verification.csv not written: " + ex.Message);
            return null;
        }
    }
}
