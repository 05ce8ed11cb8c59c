using System.CommandLine;
using Pipeline.Cli.Commands;

namespace Pipeline.Cli;

/// <summary>The <c>pipeline</c> command tree. A thin shell: parse, build the host, await one use case, map to an exit code.</summary>
internal static class PipelineCli
{
    public static RootCommand Create(Func<string, string?>? environment = null, Interrupts? interrupts = null)
    {
        var env = environment ?? Environment.GetEnvironmentVariable;
        var root = new RootCommand("Brand-asset pipeline: render a campaign manifest on a hosted FLUX finetune, verified and audited.")
        {
            ValidateCommand.Create(),
            PlanCommand.Create(),
            RunCommand.Create(env, interrupts),
            VerifyCommand.Create(),
            ReportCommand.Create(),
            AuditCommand.Create(),
            InspectCommand.Create(),
            SandboxCommand.Create(interrupts),
            ServeCommand.Create(env, interrupts),
            StatusCommand.Create(),
            ReviewCommand.Create(interrupts),
            ExportCommand.Create(),
            InitCommand.Create(),
            RenditionsCommand.Create(),
            PublishCommand.Create(env, interrupts),
        };
        GlobalOptions.AddTo(root);
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; usage errors exit 2 (the contract), not System.CommandLine's 1.</summary>
    /// <param name="interrupts">Ctrl+C handling for <c>run</c>; null in tests, which cancel <paramref name="cancellationToken"/> instead.</param>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null, Func<string, string?>? environment = null, Interrupts? interrupts = null, CancellationToken cancellationToken = default)
    {
        // Signals are ours (Interrupts): System.CommandLine must not kill the process 2 s after Ctrl+C.
        configuration ??= new InvocationConfiguration { ProcessTerminationTimeout = null };
        var parse = Create(environment, interrupts).Parse(args);
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
