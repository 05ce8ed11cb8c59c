using Pipeline.Manifests;
using Pipeline.Planning;
using Pipeline.Providers;
using Pipeline.Providers.Catalog;
using Pipeline.Tests.Manifests;
using Pipeline.Tests.Support;
using Pipeline.Domain;

using Pipeline.Manifests.Reading;

namespace Pipeline.Tests.Planning;

/// <summary>Every job checked against the capability table: errors point at the value that produced them.</summary>
public sealed class PlanValidatorTests
{
    private const string Seeds = "  seeds: [11, 12]";

    [Fact]
    public void Expand_ProviderWithoutTheModel_PointsAtTheModelAndSaysWhy()
    {
        var error = SingleError(SomeManifest.Sized().Replace("provider: sandbox", "provider: fal", StringComparison.Ordinal));

        ManifestAssert.At(error, "5:8", "model", "fal does not serve flux-pro-finetuned: fal has no FLUX.1 [pro] finetuned endpoint");
        Assert.Contains("it serves: flux-pro-1.0-fill-finetuned, flux-pro-1.1-ultra, flux-pro-1.1-ultra-finetuned", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_ParamOutsideTheProvidersRange_IsReportedOnceAtTheParam()
    {
        var error = SingleError(SomeManifest.With(("provider: sandbox", "provider: replicate"), ("safety_tolerance: 2", "safety_tolerance: 0")));

        ManifestAssert.At(error, "16:49", "params.safety_tolerance", "0 is not allowed by replicate (black-forest-labs/flux-1.1-pro-ultra-finetuned); allowed: an integer from 1 to 6");
    }

    [Fact]
    public void Expand_ParamTheProviderDoesNotTake_ListsWhatItTakes()
    {
        var error = SingleError(SomeManifest.With(("provider: sandbox", "provider: replicate"), ("safety_tolerance: 2}", "safety_tolerance: 2, prompt_upsampling: true}")));

        ManifestAssert.At(error, "16:71", "params.prompt_upsampling", "replicate (black-forest-labs/flux-1.1-pro-ultra-finetuned) does not take 'prompt_upsampling'");
    }

    [Fact]
    public void Expand_MatrixValueTheProviderRefuses_PointsAtTheListItem()
    {
        var error = SingleError(SomeManifest.Valid, WithoutRatio("1:1"));

        ManifestAssert.At(error, "15:27", "matrix.aspect_ratios[1]", "aspect_ratio '1:1' is not taken by sandbox");
    }

    [Fact]
    public void Expand_IncludeValueTheProviderRefuses_PointsAtTheIncludeEntry()
    {
        var yaml = SomeManifest.With((Seeds, $"{Seeds}\n  include: [{{prompt: kitchen, finetune_strength: 1.5, seed: 7, aspect_ratio: \"21:9\"}}]"));

        var error = SingleError(yaml, WithoutRatio("21:9"));

        ManifestAssert.At(error, "15:78", "matrix.include[0].aspect_ratio", "aspect_ratio '21:9' is not taken by sandbox");
    }

    [Fact]
    public void Expand_PromptOverrideTheProviderRefuses_PointsAtTheOverride()
    {
        var yaml = SomeManifest.With(("      text: A bright kitchen\n", "      text: A bright kitchen\n      aspect_ratios: [\"16:9\", \"21:9\"]\n"));

        var error = SingleError(yaml, WithoutRatio("21:9"));

        ManifestAssert.At(error, "13:31", "matrix.prompts[1].aspect_ratios[1]", "aspect_ratio '21:9' is not taken by sandbox");
    }

    [Fact]
    public void Expand_StrengthAboveTheProvidersRange_PointsAtTheStrength()
    {
        var table = Table(c => c with { Strength = new NumberRange(0, 1.1m) });

        var error = SingleError(SomeManifest.Valid, table);

        ManifestAssert.At(error, "13:34", "matrix.finetune_strengths[2]", "finetune_strength 1.2 is out of range on sandbox (/v1/flux-pro-1.1-ultra-finetuned); allowed: 0 to 1.1");
    }

    [Fact]
    public void Expand_MaskRequiredByTheProvider_AsksForItAtTheImage()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("kettle.png"), TestImages.Png(64, 64));
        var path = dir.Write("fill.yaml", AxisFormTests.Fill("image: kettle.png\n"));
        var table = Table(c => c with { Mask = Presence.Required }, "flux-pro-1.0-fill-finetuned");

        var error = Assert.Single(Assert.Throws<ManifestException>(() => Planner.Expand(new ManifestLoader().Load(path), capabilities: table)).Errors);

        ManifestAssert.At(error, "7:8", "image", "needs a mask as well: add mask: beside image:");
    }

    /// <summary>The sandbox's row as an enum of the nine table ratios without <paramref name="ratio"/>.</summary>
    private static ProviderCapabilities WithoutRatio(string ratio) =>
        Table(c => c with { AspectRatios = AcceptedRatios.OneOf([.. ParamSpecs.Nine.Where(r => r != ratio)]) });

    /// <summary>The real table with the sandbox's row for <paramref name="model"/> changed.</summary>
    private static ProviderCapabilities Table(Func<ModelCapability, ModelCapability> change, string model = "flux-pro-1.1-ultra-finetuned")
    {
        var real = ProviderCatalog.Capabilities;
        var rows = ProviderCatalog.Names
            .SelectMany(p => ModelCatalog.Models.Keys.Select(m => real.Find(p, m)))
            .OfType<ModelCapability>()
            .Select(c => c.Provider == "sandbox" && c.Model == model ? change(c) : c);
        return new ProviderCapabilities(rows, new Dictionary<(string, string), string>());
    }

    private static ManifestError SingleError(string yaml, ProviderCapabilities? table = null) =>
        Assert.Single(Assert.Throws<ManifestException>(() => Planner.Expand(SomeManifest.Parse(yaml), capabilities: table)).Errors);
}
