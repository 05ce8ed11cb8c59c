using System.CommandLine;
using Pipeline.Cli.Logging;

namespace Pipeline.Cli;

/// <summary><c>--verbose</c>, <c>--quiet</c> and <c>--log-file</c>: accepted by every command, read by those that log.</summary>
internal static class GlobalOptions
{
    public const string Verbose = "--verbose";
    public const string Quiet = "--quiet";
    public const string LogFile = "--log-file";

    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var verbose = new Option<bool>(Verbose, "-v") { Description = "Log more on standard error: every job's submit, retry and outcome.", Recursive = true };
        var quiet = new Option<bool>(Quiet, "-q") { Description = "Log only errors on standard error.", Recursive = true };

        // An option's validator runs under whichever command is invoked; a root command's only under the root.
        quiet.Validators.Add(result =>
        {
            if (result.GetValue(verbose) && result.GetValue(quiet))
            {
                result.AddError($"{Verbose} and {Quiet} cannot be used together.");
            }
        });
        root.Options.Add(verbose);
        root.Options.Add(quiet);
        root.Options.Add(new Option<string?>(LogFile)
        {
            Description = "The rolling JSON-lines log (the date is added before the extension). Default for run and serve: <output>/logs/pipeline-.jsonl.",
            Recursive = true,
        });
    }

    /// <summary>The log settings of a command that renders: the console log plus the JSON file.</summary>
    /// <param name="defaultFile">Where the JSON log goes unless <c>--log-file</c> says otherwise; null for none.</param>
    public static LogSettings LogFor(ParseResult parse, string? defaultFile, bool isService = false)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var verbosity = parse.GetValue<bool>(Verbose) ? Verbosity.Verbose : parse.GetValue<bool>(Quiet) ? Verbosity.Quiet : Verbosity.Normal;
        return new LogSettings(parse.InvocationConfiguration.Error, verbosity, parse.GetValue<string?>(LogFile) ?? defaultFile, isService);
    }
}
