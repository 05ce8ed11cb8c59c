using Pipeline.Providers;
using Pipeline.Providers.Catalog;

namespace Pipeline.Tests.Providers;

public sealed class ProviderEndpointTests
{
    [Theory]
    [InlineData("bfl", "BFL_API_KEY", "https://api.us1.bfl.ai/")]
    [InlineData("fal", "FAL_KEY", "https://queue.fal.run/")]
    [InlineData("replicate", "REPLICATE_API_TOKEN", "https://api.replicate.com/")]
    [InlineData("cometapi", "COMETAPI_KEY", "https://api.cometapi.com/")]
    public void Resolve_KeyFromItsVariable_DefaultHost(string provider, string variable, string host)
    {
        var endpoint = ProviderCatalog.Resolve(provider, null, name => name == variable ? "the-key" : null);

        Assert.Equal("the-key", endpoint.ApiKey);
        Assert.Equal(new Uri(host), endpoint.BaseUrl);
        Assert.DoesNotContain("the-key", endpoint.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bfl", "BFL_API_KEY")]
    [InlineData("fal", "FAL_KEY")]
    [InlineData("replicate", "REPLICATE_API_TOKEN")]
    [InlineData("openai", "OPENAI_API_KEY")]
    [InlineData("cometapi", "COMETAPI_KEY")]
    public void Resolve_KeyMissing_NamesTheVariable(string provider, string variable)
    {
        var ex = Assert.Throws<ProviderConfigurationException>(() => ProviderCatalog.Resolve(provider, new Uri("http://127.0.0.1:1/"), _ => null));

        Assert.Contains(variable, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_OpenAiWithoutBaseUrl_RefusedBecauseThereIsNoDefaultGateway()
    {
        var ex = Assert.Throws<ProviderConfigurationException>(() => ProviderCatalog.Resolve("openai", null, name => name == "OPENAI_API_KEY" ? "k" : null));

        Assert.Contains("OPENAI_BASE_URL", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_OpenAiBaseUrl_FromTheEnvironmentOrTheFlag()
    {
        string? Env(string name) => name switch { "OPENAI_API_KEY" => "k", "OPENAI_BASE_URL" => "https://api.lumenfall.ai/openai/v1", _ => null };

        Assert.Equal(new Uri("https://api.lumenfall.ai/openai/v1"), ProviderCatalog.Resolve("openai", null, Env).BaseUrl);
        Assert.Equal(new Uri("http://127.0.0.1:9/"), ProviderCatalog.Resolve("openai", new Uri("http://127.0.0.1:9/"), Env).BaseUrl);
    }
}
