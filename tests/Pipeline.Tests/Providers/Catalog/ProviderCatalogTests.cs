using Pipeline.Domain;
using Pipeline.Providers;
using Pipeline.Providers.Catalog;

namespace Pipeline.Tests.Providers.Catalog;

/// <summary>The one list of providers: each registered once, and every lookup the old switches did answered from it.</summary>
public sealed class ProviderCatalogTests
{
    [Fact]
    public void All_EveryProviderRegisteredOnce_NamesUnique()
    {
        var names = ProviderCatalog.All.Select(d => d.Name).ToList();

        Assert.Equal(names.Distinct(StringComparer.Ordinal).Count(), names.Count);
        Assert.Equal(["sandbox", "bfl", "fal", "replicate", "openai", "cometapi", "cometapi-responses"], names);
        Assert.Equal(names, ProviderCatalog.Names);
    }

    [Fact]
    public void All_EachDescriptorsCapabilityRows_CarryItsOwnNameAndKnownModels()
    {
        Assert.All(ProviderCatalog.All, d =>
        {
            Assert.NotEmpty(d.Capabilities);
            Assert.All(d.Capabilities, c => Assert.Equal(d.Name, c.Provider));
            Assert.All(d.Capabilities, c => Assert.Contains(c.Model, ModelCatalog.Models.Keys));
            Assert.All(d.Gaps.Keys, model => Assert.DoesNotContain(model, d.Capabilities.Select(c => c.Model)));
        });
    }

    [Fact]
    public void All_OnlyTheSandboxRunsInProcessWithoutAKey()
    {
        var inProcess = Assert.Single(ProviderCatalog.All, d => d.InProcess);

        Assert.Equal("sandbox", inProcess.Name);
        Assert.Null(inProcess.KeyVariable);
        Assert.Equal("bfl", inProcess.Protocol);
        Assert.All(ProviderCatalog.All.Where(d => !d.InProcess), d => Assert.NotNull(d.KeyVariable));
    }

    [Theory]
    [InlineData("bfl", 24, null)]
    [InlineData("sandbox", 24, null)]
    [InlineData("cometapi", 24, null)]
    [InlineData("replicate", null, 600)]
    [InlineData("fal", null, null)]
    [InlineData("openai", null, null)]
    public void Get_Limits_AsDocumented(string provider, int? activeTasks, int? perMinute)
    {
        Assert.Equal(new ProviderLimits(activeTasks, perMinute), ProviderCatalog.Get(provider).Limits);
    }

    [Theory]
    [InlineData("cometapi-responses", "flux-pro-1.1-ultra-finetuned", "flux-pro-1-1-ultra-finetuned")]
    [InlineData("cometapi-responses", "flux-pro-1.0-fill-finetuned", "flux-pro-1-0-fill-finetuned")]
    [InlineData("cometapi", "flux-pro-finetuned", "/flux/v1/flux-pro-finetuned")]
    [InlineData("sandbox", "flux-pro-1.1-ultra", "/v1/flux-pro-1.1-ultra")]
    [InlineData("fal", "flux-pro-1.1-ultra-finetuned", "fal-ai/flux-pro/v1.1-ultra-finetuned")]
    public void Capabilities_Find_EndpointOfTheProvidersRow(string provider, string model, string endpoint)
    {
        Assert.Equal(endpoint, ProviderCatalog.Capabilities.Find(provider, model)?.Endpoint);
    }

    [Theory]
    [InlineData("cometapi-responses", "flux-pro-1.1-ultra", "finetuned FLUX models only")]
    [InlineData("cometapi", "flux-pro-1.1-ultra", "finetuned FLUX routes only")]
    [InlineData("replicate", "flux-pro-1.0-fill-finetuned", "no fill model")]
    public void Capabilities_Gap_SaysWhyTheProviderHasNoEndpoint(string provider, string model, string reason)
    {
        Assert.Null(ProviderCatalog.Capabilities.Find(provider, model));
        Assert.Contains(reason, ProviderCatalog.Capabilities.Gap(provider, model), StringComparison.Ordinal);
    }

    [Fact]
    public void Get_UnknownName_ConfigurationErrorListingEveryProvider()
    {
        var ex = Assert.Throws<ProviderConfigurationException>(() => ProviderCatalog.Get("midjourney"));

        Assert.Contains("cometapi-responses", ex.Message, StringComparison.Ordinal);
        Assert.Null(ProviderCatalog.Find("midjourney"));
    }

    [Fact]
    public void Resolve_CometApiResponses_KeyFromCometApiKeyDefaultHost()
    {
        var endpoint = ProviderCatalog.Resolve("cometapi-responses", null, name => name == "COMETAPI_KEY" ? "the-key" : null);

        Assert.Equal(new Uri("https://api.cometapi.com/"), endpoint.BaseUrl);
        Assert.Equal("the-key", endpoint.ApiKey);
        Assert.DoesNotContain("the-key", endpoint.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_SandboxWithoutAUrl_RefusedWithTheBuiltInKeyOtherwise()
    {
        Assert.Throws<ProviderConfigurationException>(() => ProviderCatalog.Resolve("sandbox", null, _ => null));

        Assert.Equal("sandbox-key", ProviderCatalog.Resolve("sandbox", new Uri("http://127.0.0.1:9/"), _ => null).ApiKey);
    }
}
