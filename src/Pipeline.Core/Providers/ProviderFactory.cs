using Pipeline.Providers.Bfl;

namespace Pipeline.Providers;

/// <summary>Builds the adapter for an endpoint over a client from <see cref="IHttpClientFactory"/>.</summary>
public sealed class ProviderFactory(IHttpClientFactory clients)
{
    /// <summary>Name of the <see cref="HttpClient"/> used for API calls.</summary>
    public const string ApiClient = "provider-api";

    /// <summary>Name of the <see cref="HttpClient"/> used for result downloads (no credentials).</summary>
    public const string DownloadClient = "provider-download";

    public IImageProvider Create(ProviderEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var http = clients.CreateClient(ApiClient);
        http.BaseAddress = endpoint.BaseUrl.AbsoluteUri.EndsWith('/') ? endpoint.BaseUrl : new Uri(endpoint.BaseUrl.AbsoluteUri + "/");
        return endpoint.Provider switch
        {
            "sandbox" or "bfl" => new BflProvider(http, endpoint.ApiKey, endpoint.Provider),
            _ => throw new ProviderConfigurationException($"provider '{endpoint.Provider}' is not supported by this version."),
        };
    }
}
