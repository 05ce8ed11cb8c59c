using Pipeline.Planning;
using Pipeline.Domain;

namespace Pipeline.Providers;

/// <summary>
/// One hosted provider's wire protocol: submit a job, poll its task. Downloads are protocol-neutral
/// (<see cref="Execution.ImageDownloader"/>). Implementations throw <see cref="ProviderException"/> for
/// HTTP-level failures and return values for every task status.
/// </summary>
public interface IImageProvider
{
    /// <summary>The protocol name (<c>bfl</c>, <c>fal</c>, …) used in the audit log.</summary>
    string Name { get; }

    /// <summary>Submits <paramref name="job"/>; returns once the provider acknowledged it.</summary>
    /// <exception cref="ProviderException">The provider refused, or the outcome is unknown (see <see cref="ProviderException.Acceptance"/>).</exception>
    Task<SubmittedTask> SubmitAsync(Job job, CancellationToken cancellationToken);

    /// <summary>Reads the task's current status once.</summary>
    /// <exception cref="ProviderException">The poll itself failed (always safe to retry).</exception>
    Task<TaskPoll> PollAsync(SubmittedTask task, CancellationToken cancellationToken);
}
