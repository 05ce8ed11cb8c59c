namespace Pipeline.Tests.Support;

/// <summary>Redirects the process console (stdout and stderr) to memory until disposed. Tests using it share one collection.</summary>
public sealed class ConsoleCapture : IDisposable
{
    public const string Name = "process console";

    private readonly TextWriter _out = Console.Out;
    private readonly TextWriter _error = Console.Error;
    private readonly StringWriter _captured = new();

    public ConsoleCapture()
    {
        var shared = TextWriter.Synchronized(_captured);
        Console.SetOut(shared);
        Console.SetError(shared);
    }

    public string Text => _captured.ToString();

    public void Dispose()
    {
        Console.SetOut(_out);
        Console.SetError(_error);
        _captured.Dispose();
    }
}

/// <summary>Tests that redirect the process console do not run alongside each other.</summary>
[CollectionDefinition(ConsoleCapture.Name)]
public sealed class ConsoleCaptureGroup;
