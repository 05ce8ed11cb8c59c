using Pipeline.Sandbox.Imaging;
using Pipeline.Sandbox.Protocol;

namespace Pipeline.Sandbox.Tasks;

/// <summary>
/// A submitted task. Nothing runs in the background: its state at any instant follows from the clock,
/// queued until <see cref="StartedAt"/>, running until <see cref="TerminalAt"/>, and <see cref="Outcome"/> from then on.
/// </summary>
/// <param name="Image">What a Ready task delivers (the effective seed is filled in).</param>
/// <param name="TerminalAt">Start time plus latency; submit time itself for Request Moderated.</param>
/// <param name="StartedAt">When a slot was free (hosts that queue over-limit requests); the submit time otherwise.</param>
internal sealed record SandboxTask(
    string Id, Submission Submission, ImageSpec Image, TaskOutcome Outcome, DateTimeOffset SubmittedAt, DateTimeOffset TerminalAt, DateTimeOffset StartedAt)
{
    public bool IsActiveAt(DateTimeOffset now) => now < TerminalAt;

    /// <summary>Waiting for a slot: fal <c>IN_QUEUE</c>, Replicate <c>starting</c>.</summary>
    public bool IsQueuedAt(DateTimeOffset now) => now < StartedAt;

    /// <summary>Pending progress in [0, 0.99], growing linearly with running time over latency.</summary>
    public double ProgressAt(DateTimeOffset now)
    {
        var latency = TerminalAt - StartedAt;
        return latency <= TimeSpan.Zero ? 0.99 : Math.Round(Math.Clamp((now - StartedAt) / latency, 0, 0.99), 2);
    }
}
