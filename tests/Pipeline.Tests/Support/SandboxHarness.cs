using Microsoft.Extensions.DependencyInjection;
using Pipeline.Execution;
using Pipeline.Sandbox;

using Pipeline.Hosting;

namespace Pipeline.Tests.Support;

/// <summary>A real sandbox on loopback and a real engine pointed at it, as <c>provider: sandbox</c> wires them.</summary>
public sealed class SandboxHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private SandboxHarness(SandboxServer server, ServiceProvider services)
    {
        Server = server;
        _services = services;
    }

    public SandboxServer Server { get; }

    public CampaignRunner Runner => _services.GetRequiredService<CampaignRunner>();

    public static async Task<SandboxHarness> StartAsync(Action<SandboxOptions>? configure = null, Func<string, string?>? environment = null)
    {
        var options = new SandboxOptions { Latency = TimeSpan.FromMilliseconds(50) };
        configure?.Invoke(options);
        var server = await SandboxServer.StartAsync(options, CancellationToken.None);
        var services = new ServiceCollection()
            .AddPipelineEngine(environment ?? (_ => null))
            .AddSingleton<ISandboxHost>(new FixedSandbox(server.BaseAddress))
            .BuildServiceProvider();
        return new SandboxHarness(server, services);
    }

    /// <param name="only"><c>--only</c> selectors.</param>
    /// <param name="force"><c>--force</c>.</param>
    public async Task<RunSummary> RunAsync(string manifestPath, string outputRoot, string? provider = null, Uri? baseUrl = null, int? concurrency = null, decimal? maxCost = null, bool allowPartial = false, bool locked = false, bool pacedSubmits = false, IReadOnlyList<string>? only = null, bool force = false)
    {
        var prepared = Runner.Prepare(new RunRequest(manifestPath, outputRoot, provider, baseUrl, concurrency, maxCost, allowPartial, locked) { Only = only ?? [], Force = force });
        prepared.Options.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
        prepared.Options.MinPollInterval = TimeSpan.FromMilliseconds(20);
        prepared.Options.InitialServiceTime = TimeSpan.FromMilliseconds(60);
        if (!pacedSubmits)
        {
            // The manifest's requests_per_minute would make most tests wait on the real clock.
            prepared.Options.RequestsPerMinute = null;
        }

        return await Runner.RunAsync(prepared, null, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Server.DisposeAsync();
    }

    private sealed class FixedSandbox(Uri baseAddress) : ISandboxHost
    {
        public Task<Uri> StartAsync(CancellationToken cancellationToken) => Task.FromResult(baseAddress);
    }
}
