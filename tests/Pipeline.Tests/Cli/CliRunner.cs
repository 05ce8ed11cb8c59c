using System.CommandLine;
using Pipeline.Cli;

namespace Pipeline.Tests.Cli;

/// <summary>Runs the real command tree with captured output, as a user's shell would.</summary>
internal static class CliRunner
{
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) =>
        RunWithEnvironmentAsync(new Dictionary<string, string>(), args);

    public static Task<(int ExitCode, string Output, string Error)> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunWithEnvironmentAsync(name => environment.GetValueOrDefault(name), args);

    /// <summary>As <see cref="RunAsync"/>, with <paramref name="environment"/> as the process environment (provider keys).</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunWithEnvironmentAsync(Func<string, string?> environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        var exitCode = await PipelineCli.InvokeAsync(args, configuration, environment);
        return (exitCode, output.ToString(), error.ToString());
    }
}
