using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Pipeline.Cli.Logging;

/// <summary>
/// The console log: events formatted for people onto the invocation's standard error (a test's writer in tests),
/// one whole event per write. Serilog's console sink can only write to the process's own console.
/// </summary>
internal sealed class WriterSink(TextWriter writer, ITextFormatter formatter) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        formatter.Format(logEvent, text);
        lock (_gate)
        {
            writer.Write(text.ToString());
            writer.Flush();
        }
    }
}
