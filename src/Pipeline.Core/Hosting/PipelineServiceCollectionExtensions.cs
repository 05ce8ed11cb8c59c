using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Execution;
using Pipeline.Providers;

namespace Pipeline.Hosting;

/// <summary>Registers the engine: HTTP clients, provider factory, downloader, runner.</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>Per-request timeout of API calls; a submit that times out is ambiguous (docs/architecture.md#11-retries-never-pay-twice).</summary>
    public static readonly TimeSpan ApiTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of one result download (a 4 MP PNG on a slow link).</summary>
    public static readonly TimeSpan DownloadTimeout = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Adds the engine. The caller registers an <see cref="ISandboxHost"/> and may replace
    /// <see cref="TimeProvider"/> (default <see cref="TimeProvider.System"/>) and the environment reader.
    /// </summary>
    public static IServiceCollection AddPipelineEngine(this IServiceCollection services, Func<string, string?>? environment = null)
    {
        // The engine logs what matters per job (submit, retries, outcome) with its id; the factory's own logging
        // would add lines and a scope to every poll and download.
        // No cookie jar: every provider authenticates by header, and a jar would only carry state between requests
        // (and look it up on each one).
        services.AddHttpClient(ProviderFactory.ApiClient, c => c.Timeout = ApiTimeout).RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false });
        services.AddHttpClient(ProviderFactory.DownloadClient, c => c.Timeout = DownloadTimeout).RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false });
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ProviderFactory>();
        services.AddSingleton(sp => new ImageDownloader(sp.GetRequiredService<IHttpClientFactory>().CreateClient(ProviderFactory.DownloadClient)));
        services.AddSingleton(sp => new CampaignRunner(
            sp.GetRequiredService<ProviderFactory>(),
            sp.GetRequiredService<ImageDownloader>(),
            sp.GetRequiredService<ISandboxHost>(),
            sp.GetRequiredService<TimeProvider>(),
            environment ?? Environment.GetEnvironmentVariable,
            sp.GetService<ILoggerFactory>(),
            randomizer: null,
            observer: sp.GetService<IRunObserver>()));
        return services;
    }
}
