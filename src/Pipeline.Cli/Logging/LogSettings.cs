namespace Pipeline.Cli.Logging;

/// <summary>Where a command logs to and how much.</summary>
/// <param name="Console">Where the console log goes: the invocation's standard error.</param>
/// <param name="FilePath">The rolling JSON file (Serilog adds the date before the extension), or null for none.</param>
/// <param name="IsService">The console log is the command's main output (<c>serve</c>): Information by default, not Warning.</param>
internal sealed record LogSettings(TextWriter Console, Verbosity Verbosity = Verbosity.Normal, string? FilePath = null, bool IsService = false)
{
    /// <summary>The default file name under <c>&lt;output&gt;/logs/</c>: <c>pipeline-YYYYMMDD.jsonl</c>.</summary>
    public const string DefaultFileName = "pipeline-.jsonl";

    /// <summary>Warnings and errors to standard error, no file: commands that call nothing (validate, plan, status).</summary>
    public static LogSettings Default { get; } = new(System.Console.Error);

    /// <summary>The default log file of an output root: <c>&lt;output&gt;/logs/pipeline-YYYYMMDD.jsonl</c>.</summary>
    public static string DefaultFile(string outputRoot) => Path.Combine(outputRoot, "logs", DefaultFileName);
}
