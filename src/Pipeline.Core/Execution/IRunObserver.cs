using Pipeline.Records;

namespace Pipeline.Execution;

/// <summary>
/// Told when the executor starts and ends each job (metrics: docs/architecture.md#43-metrics). Called on the lanes'
/// threads, so an implementation must be thread-safe and quick; it must not throw.
/// </summary>
public interface IRunObserver
{
    /// <summary>A lane took a job: it waits for a permit, is submitted, polled or downloaded until <see cref="JobEnded"/>.</summary>
    void JobStarted(string campaign);

    /// <summary>The job's audit row is written (<paramref name="row"/>), or its lane failed (null).</summary>
    void JobEnded(string campaign, AuditRow? row);
}
