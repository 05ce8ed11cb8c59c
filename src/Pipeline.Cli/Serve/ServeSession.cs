using Pipeline.Scheduling;

namespace Pipeline.Cli.Serve;

/// <summary>What one <c>pipeline serve</c> serves, and how it ended (set by <see cref="ScheduleWorker"/>).</summary>
/// <param name="Abort">Cancelled when the grace period after the first SIGTERM/Ctrl+C is over.</param>
internal sealed class ServeSession(ScheduleFile file, string? outputRoot, CancellationToken abort)
{
    public ScheduleFile File { get; } = file;

    public string? OutputRoot { get; } = outputRoot;

    public CancellationToken Abort { get; } = abort;

    /// <summary>A run was stopped before it finished; the next start resumes it.</summary>
    public bool LeftUnfinished { get; set; }

    /// <summary>The scheduler returned (rather than the host stopping it half-way).</summary>
    public bool Ended { get; set; }
}
