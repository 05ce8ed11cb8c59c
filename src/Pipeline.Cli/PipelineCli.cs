using System.CommandLine;
using Pipeline.Cli.Commands;

namespace Pipeline.Cli;

/// <summary>The <c>pipeline</c> command tree. A thin shell: parse, build the host, await one use case, map to an exit code.</summary>
internal static class PipelineCli
{
    public static RootCommand Create(Func<string, string?>? environment = null)
    {
        var env = environment ?? Environment.GetEnvironmentVariable;
        return new RootCommand("Brand-asset pipeline: render a campaign manifest on a hosted FLUX finetune, verified and audited.")
        {
            ValidateCommand.Create(),
            PlanCommand.Create(),
            RunCommand.Create(env),
            SandboxCommand.Create(),
        };
    }

    /// <summary>Parses and runs <paramref name="args"/>; usage errors exit 2 (the contract), not System.CommandLine's 1.</summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null, Func<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        configuration ??= new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
        var parse = Create(environment).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await configuration.Error.WriteLineAsync(error.Message);
            }

            await configuration.Error.WriteLineAsync("Run 'pipeline --help' for usage.");
            return ExitCodes.InvalidInput;
        }

        return await parse.InvokeAsync(configuration, cancellationToken);
    }
}
