using System.CommandLine;
using Pipeline.Reports;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline report &lt;campaign-dir&gt;</c>: (re)build <c>report/index.html</c> from the folder alone; no calls.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var dir = CampaignArgument.Create();
        var provider = new Option<string?>("--provider") { Description = "Show this provider's jobs (default: the provider used last; a folder may hold several)." };
        var command = new Command("report", "Build report/index.html (contact sheets: seeds x strengths per prompt and aspect ratio) from a campaign folder; calls nothing.") { dir, provider };
        command.SetAction((parse, _) =>
        {
            var io = parse.InvocationConfiguration;
            return Task.FromResult(CampaignArgument.Run(parse.GetRequiredValue(dir), io.Error, folder =>
            {
                try
                {
                    io.Output.WriteLine("report: " + RunReport.Shown(ContactSheet.Write(folder, parse.GetValue(provider))));
                    return ExitCodes.Ok;
                }
                catch (IOException ex)
                {
                    io.Error.WriteLine("error: report not written: " + ex.Message);
                    return ExitCodes.JobsFailed;
                }
            }));
        });
        return command;
    }
}
