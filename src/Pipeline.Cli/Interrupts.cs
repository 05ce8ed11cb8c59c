using System.Runtime.InteropServices;

namespace Pipeline.Cli;

/// <summary>
/// Ctrl+C and SIGTERM for a run: the first stops new submits and gives in-flight jobs a grace period to finish
/// (then stops them, leaving them in the ledger for the rerun); a second one exits at once. Everything written
/// so far is flushed per row/entry, so either way a rerun resumes.
/// </summary>
internal sealed class Interrupts : IDisposable
{
    /// <summary>How long in-flight jobs may take to finish after the first interrupt. Default 30 s.</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _drain = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly TimeSpan _grace;
    private int _count;

    public Interrupts(TimeSpan? grace = null) => _grace = grace ?? DefaultGrace;

    /// <summary>Cancelled at the first interrupt: submit nothing new.</summary>
    public CancellationToken Drain => _drain.Token;

    /// <summary>Cancelled when the grace period ends: stop polling and downloading.</summary>
    public CancellationToken Abort => _abort.Token;

    /// <summary>Said once, at the first interrupt (to stderr by the caller).</summary>
    public event Action<TimeSpan>? Draining;

    /// <summary>How to quit at once, in the words of the first signal: a service stopped by SIGTERM has no Ctrl+C (issue 14, item 12).</summary>
    public string Again { get; private set; } = "Ctrl+C again";

    /// <summary>Listens to SIGINT and SIGTERM of this process.</summary>
    public static Interrupts ForProcess()
    {
        var interrupts = new Interrupts();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            interrupts._registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                if (Volatile.Read(ref interrupts._count) == 0)
                {
                    interrupts.Again = context.Signal == PosixSignal.SIGTERM ? "SIGTERM again" : "Ctrl+C again";
                }

                interrupts.Signal();
            }));
        }

        return interrupts;
    }

    /// <summary>One interrupt: the first drains, the second exits the process with 130.</summary>
    public void Signal()
    {
        if (Interlocked.Increment(ref _count) == 1)
        {
            Draining?.Invoke(_grace);
            _drain.Cancel();
            _abort.CancelAfter(_grace);
            return;
        }

        Environment.Exit(ExitCodes.Interrupted);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _drain.Dispose();
        _abort.Dispose();
    }
}
