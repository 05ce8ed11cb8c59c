using Spectre.Console;

namespace Pipeline.Cli;

/// <summary>A Spectre console over the invocation's output: live and coloured on a terminal, plain text otherwise (tests, CI, pipes).</summary>
internal static class Terminal
{
    public static IAnsiConsole For(TextWriter output)
    {
        var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
    }
}
