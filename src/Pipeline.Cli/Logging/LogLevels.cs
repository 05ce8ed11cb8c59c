using Serilog.Events;

namespace Pipeline.Cli.Logging;

/// <summary>Every log level decision, in one place.</summary>
internal static class LogLevels
{
    /// <summary>The JSON file is for machines: everything the engine says, one event per job.</summary>
    public const LogEventLevel File = LogEventLevel.Debug;

    /// <summary>Framework categories speak only when something is wrong (HttpClient logs a line per request at Information).</summary>
    public static readonly IReadOnlyList<string> QuietCategories = ["Microsoft", "System", "Polly"];

    public const LogEventLevel QuietCategoryLevel = LogEventLevel.Warning;

    /// <summary>
    /// The console is for people. A command prints its own progress, so its log adds only warnings; for
    /// <c>serve</c> the log is the output, so it says what runs when.
    /// </summary>
    public static LogEventLevel Console(Verbosity verbosity, bool isService) => verbosity switch
    {
        Verbosity.Quiet => LogEventLevel.Error,
        Verbosity.Verbose => LogEventLevel.Debug,
        _ => isService ? LogEventLevel.Information : LogEventLevel.Warning,
    };
}
