using Pipeline.Manifests.Reading;
using Pipeline.Providers;
using Pipeline.Providers.Catalog;
using Pipeline.Domain;

namespace Pipeline.Tests.Providers;

public sealed class ProviderCapabilitiesTests
{
    private static readonly ProviderCapabilities Table = ProviderCatalog.Capabilities;

    [Theory]
    [InlineData("bfl")]
    [InlineData("sandbox")]
    public void Find_BflProtocol_ServesEveryCatalogModel(string provider)
    {
        Assert.All(ModelCatalog.Models.Keys, model => Assert.NotNull(Table.Find(provider, model)));
    }

    [Theory]
    [InlineData("fal", "flux-pro-finetuned")]
    [InlineData("replicate", "flux-pro-1.0-fill-finetuned")]
    [InlineData("openai", "flux-pro-1.0-fill-finetuned")]
    [InlineData("cometapi", "flux-pro-1.1-ultra")]
    public void Find_ModelTheProviderLacks_IsNullWithAReason(string provider, string model)
    {
        Assert.Null(Table.Find(provider, model));
        Assert.Contains("providers.md", Table.Gap(provider, model), StringComparison.Ordinal);
    }

    [Fact]
    public void Find_Replicate_Takes5To4WhichIsVerifiedByRule()
    {
        Assert.True(Table.Find("replicate", "flux-pro-1.1-ultra")!.AspectRatios.Accepts("5:4"));
        Assert.Null(ModelCatalog.UltraSize("5:4"));
        Assert.Equal(new Ratio(5, 4), ModelCatalog.RatioByRule("5:4"));
    }

    [Theory]
    [InlineData("bfl", "4:5 5:4 42:18 21:9 9:21 7:3 1:2", "3:1 22:9 9:22 1:4 4x5")]
    [InlineData("sandbox", "4:5 5:4 42:18 21:9 9:21", "3:1 22:9")]
    [InlineData("cometapi", "4:5 5:4 42:18 21:9 9:21", "3:1 22:9")]
    [InlineData("cometapi-responses", "4:5 5:4 42:18 21:9 9:21", "3:1 22:9")]
    [InlineData("replicate", "4:5 5:4 21:9 9:21 16:9", "7:5 42:18 3:1")]
    [InlineData("fal", "21:9 16:9 1:1 9:21", "4:5 5:4 42:18")]
    [InlineData("openai", "21:9 16:9 1:1 9:21", "4:5 5:4 42:18")]
    public void AspectRatios_UltraFinetunedOnEachProvider_AreWhatItDocuments(string provider, string taken, string refused)
    {
        var ratios = Table.Find(provider, "flux-pro-1.1-ultra-finetuned")!.AspectRatios;

        Assert.All(taken.Split(' '), r => Assert.True(ratios.Accepts(r), $"{provider} should take {r}"));
        Assert.All(refused.Split(' '), r => Assert.False(ratios.Accepts(r), $"{provider} should refuse {r}"));
    }

    [Fact]
    public void Find_Fal_NamesFieldsItsOwnWay()
    {
        var fal = Table.Find("fal", "flux-pro-1.1-ultra-finetuned")!;

        Assert.Equal("enhance_prompt", fal.Param("prompt_upsampling")!.WireName);
        Assert.Equal(1, fal.Param("safety_tolerance")!.Min);
        Assert.Equal("fal-ai/flux-pro/v1.1-ultra-finetuned", fal.Endpoint);
    }

    [Fact]
    public void ParamRule_ManifestLanguage_IsTheBflRows()
    {
        foreach (var model in ModelCatalog.Models.Values)
        {
            Assert.Equal(Table.Find("bfl", model.Name)!.Params, ParamRule.For(model));
        }
    }

    [Fact]
    public void Find_FinetunedModels_RequireAFinetuneAndTakeStrengthsZeroToTwo()
    {
        var finetuned = Table.Find("bfl", "flux-pro-1.0-fill-finetuned")!;

        Assert.True(finetuned.RequiresFinetuneId);
        Assert.Equal(new NumberRange(0, 2), finetuned.Strength);
        Assert.True(finetuned.Image);
        Assert.Equal(Presence.Optional, finetuned.Mask);
        Assert.False(Table.Find("bfl", "flux-pro-1.1-ultra")!.RequiresFinetuneId);
    }
}
