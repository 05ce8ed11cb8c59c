using Spectre.Console;

namespace Pipeline.Cli;

/// <summary>A Spectre console over the invocation's output: live and coloured on a terminal, plain text otherwise (tests, CI, pipes).</summary>
internal static class Terminal
{
    public static IAnsiConsole For(TextWriter output)
    {
        var interactive = IsTerminal(output);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive)
        {
            // Spectre wraps at 80 columns when it cannot measure a terminal; a log or a pipe has no columns, and a
            // wrapped line breaks grep and CI logs (issue 14, item 6).
            console.Profile.Width = UnwrappedWidth;
        }

        return console;
    }

    /// <summary>Wide enough that no line is wrapped; tables size to their content, never to this width.</summary>
    public const int UnwrappedWidth = 32_000;

    /// <summary>Whether <paramref name="output"/> is the process's own terminal (not redirected).</summary>
    public static bool IsTerminal(TextWriter output) => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
}
