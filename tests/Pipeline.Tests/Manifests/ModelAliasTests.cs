using Pipeline.Planning;

namespace Pipeline.Tests.Manifests;

/// <summary>CometAPI's hyphenated model ids are aliases of BFL's names in every manifest, read as BFL's at load.</summary>
public sealed class ModelAliasTests
{
    [Theory]
    [InlineData("sandbox")]
    [InlineData("fal")]
    [InlineData("cometapi-responses")]
    public void Parse_HyphenatedUltraId_SameModelAndJobIdsAsBflsSpelling(string provider)
    {
        var bfl = SomeManifest.With(("provider: sandbox", $"provider: {provider}"));
        var hyphenated = SomeManifest.With(("provider: sandbox", $"provider: {provider}"), ("model: flux-pro-1.1-ultra-finetuned", "model: flux-pro-1-1-ultra-finetuned"));

        var expected = Planner.Expand(SomeManifest.Parse(bfl));
        var actual = Planner.Expand(SomeManifest.Parse(hyphenated));

        Assert.Equal("flux-pro-1.1-ultra-finetuned", actual.Manifest.Model);
        Assert.Equal(expected.Jobs.Select(j => j.Id), actual.Jobs.Select(j => j.Id));
    }

    [Fact]
    public void Parse_MisspelledModel_ErrorListsBflsNames()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("model: flux-pro-1.1-ultra-finetuned", "model: flux-pro-1-1-ultra-finetune")));

        Assert.Contains("flux-pro-1.1-ultra-finetuned", error.Message, StringComparison.Ordinal);
    }
}
