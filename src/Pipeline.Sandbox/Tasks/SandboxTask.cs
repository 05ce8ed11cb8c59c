using Pipeline.Sandbox.Imaging;
using Pipeline.Sandbox.Protocol;

namespace Pipeline.Sandbox.Tasks;

/// <summary>
/// A submitted task. Nothing runs in the background: its state at any instant follows from the clock,
/// Pending until <see cref="TerminalAt"/> and <see cref="Outcome"/> from then on.
/// </summary>
/// <param name="Image">What a Ready task delivers (the effective seed is filled in).</param>
/// <param name="TerminalAt">Submit time plus latency; submit time itself for Request Moderated.</param>
internal sealed record SandboxTask(
    string Id, Submission Submission, ImageSpec Image, TaskOutcome Outcome, DateTimeOffset SubmittedAt, DateTimeOffset TerminalAt)
{
    public bool IsActiveAt(DateTimeOffset now) => now < TerminalAt;

    /// <summary>Pending progress in [0, 0.99], growing linearly with elapsed time over latency.</summary>
    public double ProgressAt(DateTimeOffset now)
    {
        var latency = TerminalAt - SubmittedAt;
        return latency <= TimeSpan.Zero ? 0.99 : Math.Round(Math.Clamp((now - SubmittedAt) / latency, 0, 0.99), 2);
    }
}
