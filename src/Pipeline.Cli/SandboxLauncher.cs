using Pipeline.Execution;
using Pipeline.Sandbox;

namespace Pipeline.Cli;

/// <summary>Starts the in-process sandbox on first use for <c>provider: sandbox</c>; stops it when disposed.</summary>
internal sealed class SandboxLauncher : ISandboxHost, IAsyncDisposable
{
    private readonly SemaphoreSlim _once = new(1, 1);
    private SandboxServer? _server;

    public async Task<Uri> StartAsync(CancellationToken cancellationToken)
    {
        await _once.WaitAsync(cancellationToken);
        try
        {
            _server ??= await SandboxServer.StartAsync(new SandboxOptions(), cancellationToken);
            return _server.BaseAddress;
        }
        finally
        {
            _once.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _once.Dispose();
    }
}
