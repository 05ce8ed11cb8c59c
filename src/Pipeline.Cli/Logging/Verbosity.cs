namespace Pipeline.Cli.Logging;

/// <summary>How much the console log says (<c>--quiet</c>, default, <c>--verbose</c>); the JSON file always gets everything from Debug up.</summary>
internal enum Verbosity
{
    Quiet,
    Normal,
    Verbose,
}
