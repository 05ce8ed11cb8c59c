using Microsoft.Extensions.Hosting;

namespace Pipeline.Cli.Serve;

/// <summary>
/// Replaces the console lifetime: SIGTERM and Ctrl+C are <see cref="Interrupts"/>' (drain first, then abort after
/// the grace period, and a second signal exits at once), so the host must not also stop on its own at a signal.
/// </summary>
internal sealed class SignalsLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
