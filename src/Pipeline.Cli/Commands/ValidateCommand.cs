using System.CommandLine;
using Pipeline.Manifests;
using Pipeline.Planning;

using Pipeline.Manifests.Reading;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline validate &lt;manifest&gt;</c>: load, type-check and expand; no calls, no writes.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var manifest = new Argument<string>("manifest") { Description = "Path to the campaign manifest (YAML)." };
        var command = new Command("validate", "Check a manifest and its whole plan; calls nothing, writes nothing.") { manifest };
        command.SetAction((parse, _) =>
        {
            var output = parse.InvocationConfiguration.Output;
            try
            {
                var plan = Planner.Expand(new ManifestLoader().Load(parse.GetRequiredValue(manifest)));
                var m = plan.Manifest;
                output.WriteLine($"ok: {m.SourcePath}: campaign '{m.Campaign}', {plan.Jobs.Count} jobs on {m.Provider} ({m.Model})");
                return Task.FromResult(ExitCodes.Ok);
            }
            catch (Exception ex) when (InputErrors.TryReport(ex, parse.InvocationConfiguration.Error))
            {
                return Task.FromResult(ExitCodes.InvalidInput);
            }
        });
        return command;
    }
}
