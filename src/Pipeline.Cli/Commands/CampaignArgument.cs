using System.CommandLine;
using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Records;

namespace Pipeline.Cli.Commands;

/// <summary>The <c>&lt;campaign-dir&gt;</c> argument of verify, report and audit, and the errors of reading one.</summary>
internal static class CampaignArgument
{
    public static Argument<string> Create() =>
        new("campaign-dir") { Description = "A campaign folder a run wrote, e.g. output/acme-spring." };

    /// <summary>
    /// Runs <paramref name="action"/> on the campaign folder at <paramref name="path"/>. A folder that is not a campaign
    /// exits 2 (usage); an audit log with a value the contract does not allow exits 1 (a problem in the campaign).
    /// </summary>
    public static int Run(string path, TextWriter error, Func<CampaignFolder, int> action)
    {
        try
        {
            return action(NotACampaignException.Require(path));
        }
        catch (NotACampaignException ex)
        {
            error.WriteLine("error: " + ex.Message);
            return ExitCodes.InvalidInput;
        }
        catch (FormatException ex)
        {
            error.WriteLine("error: unreadable audit log: " + ex.Message);
            return ExitCodes.JobsFailed;
        }
    }
}
