using Pipeline.Providers.Bfl;
using Pipeline.Providers.Fal;
using Pipeline.Providers.OpenAi;
using Pipeline.Providers.Replicate;

namespace Pipeline.Providers;

/// <summary>Builds the adapter for an endpoint over a client from <see cref="IHttpClientFactory"/>.</summary>
public sealed class ProviderFactory(IHttpClientFactory clients)
{
    /// <summary>Name of the <see cref="HttpClient"/> used for API calls.</summary>
    public const string ApiClient = "provider-api";

    /// <summary>Name of the <see cref="HttpClient"/> used for result downloads (no credentials).</summary>
    public const string DownloadClient = "provider-download";

    /// <summary>Extra time over Replicate's <c>Prefer: wait</c> hold before a create counts as timed out.</summary>
    public static readonly TimeSpan ReplicateTimeout = ReplicateProvider.PreferWait + TimeSpan.FromSeconds(30);

    /// <summary>A synchronous images call returns only when the image is rendered (FLUX Ultra: tens of seconds).</summary>
    public static readonly TimeSpan OpenAiTimeout = TimeSpan.FromMinutes(3);

    /// <exception cref="ProviderConfigurationException">The provider is not supported.</exception>
    public IImageProvider Create(ProviderEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var http = clients.CreateClient(ApiClient);
        http.BaseAddress = BaseAddressFor(endpoint);
        switch (endpoint.Provider)
        {
            case "sandbox" or "bfl":
                return new BflProvider(http, endpoint.ApiKey, endpoint.Provider);
            case CometApi.CometApi.Provider:
                return CometApi.CometApi.Create(http, endpoint.ApiKey);
            case FalRequest.Provider:
                return new FalProvider(http, endpoint.ApiKey);
            case ReplicateRequest.Provider:
                http.Timeout = ReplicateTimeout;
                return new ReplicateProvider(http, endpoint.ApiKey);
            case OpenAiRequest.Provider:
                http.Timeout = OpenAiTimeout;
                return new OpenAiProvider(http, endpoint.ApiKey);
            default:
                throw new ProviderConfigurationException($"provider '{endpoint.Provider}' is not supported by this version.");
        }
    }

    /// <summary>
    /// The base URL with a trailing slash, so relative paths append to it. An OpenAI-compatible base URL is the API
    /// root including its version (<c>https://api.lumenfall.ai/openai/v1</c>, as the OpenAI SDKs take it); a bare
    /// host (<c>http://127.0.0.1:PORT</c>, <c>https://api.openai.com</c>) gets OpenAI's <c>/v1</c>.
    /// </summary>
    public static Uri BaseAddressFor(ProviderEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var url = endpoint.BaseUrl.AbsoluteUri.EndsWith('/') ? endpoint.BaseUrl : new Uri(endpoint.BaseUrl.AbsoluteUri + "/");
        return endpoint.Provider == OpenAiRequest.Provider && url.AbsolutePath == "/" ? new Uri(url, "v1/") : url;
    }
}
