namespace Pipeline.Providers;

/// <summary>Builds the adapter for an endpoint over a client from <see cref="IHttpClientFactory"/>, as its descriptor says.</summary>
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
        http.BaseAddress = BaseAddressFor(endpoint);
        if (endpoint.Descriptor.Timeout is { } timeout)
        {
            http.Timeout = timeout;
        }

        return endpoint.Descriptor.Create(http, endpoint.ApiKey);
    }

    /// <summary>
    /// The base URL with a trailing slash, so relative paths append to it. An OpenAI-compatible base URL is the API
    /// root including its version (<c>https://api.lumenfall.ai/openai/v1</c>, as the OpenAI SDKs take it); a bare
    /// host (<c>http://127.0.0.1:PORT</c>, <c>https://api.openai.com</c>) gets OpenAI's <c>/v1</c>
    /// (<see cref="ProviderDescriptor.VersionedBaseUrl"/>).
    /// </summary>
    public static Uri BaseAddressFor(ProviderEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var url = endpoint.BaseUrl.AbsoluteUri.EndsWith('/') ? endpoint.BaseUrl : new Uri(endpoint.BaseUrl.AbsoluteUri + "/");
        return endpoint.Descriptor.VersionedBaseUrl && url.AbsolutePath == "/" ? new Uri(url, "v1/") : url;
    }
}
