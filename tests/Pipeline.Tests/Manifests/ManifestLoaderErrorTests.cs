using Pipeline.Manifests;
using static Pipeline.Tests.Manifests.ManifestAssert;

using Pipeline.Manifests.Reading;

namespace Pipeline.Tests.Manifests;

/// <summary>Malformed manifests: each asserts the exact line:column, the key path and what the message says.</summary>
public sealed class ManifestLoaderErrorTests
{
    [Fact]
    public void Parse_UnknownKey_SuggestsNearestKey()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("{concurrency: 8", "{concurency: 8")));

        At(error, "17:10", "limits.concurency", "unknown key 'concurency' (did you mean 'concurrency'?)");
        Assert.Contains("allowed keys in limits: concurrency, requests_per_minute, max_cost_usd, max_attempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownMatrixKey_ReportsItAndTheMissingRequiredKey()
    {
        var errors = SomeManifest.Errors(SomeManifest.With(("  prompts:", "  promts:")));

        Assert.Equal(2, errors.Count);
        At(errors[0], "7:1", "matrix.prompts", "missing required key 'prompts'");
        At(errors[1], "8:3", "matrix.promts", "did you mean 'prompts'?");
    }

    [Fact]
    public void Parse_IntegerExpected_SaysWhatWasFoundAndTheRange()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("concurrency: 8", "concurrency: abc")));

        At(error, "17:23", "limits.concurrency", "expected an integer, found 'abc' (allowed: 1 to 256)");
    }

    [Fact]
    public void Parse_ConcurrencyZero_ReportsRange()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("concurrency: 8", "concurrency: 0")));

        At(error, "17:23", "limits.concurrency", "0 is out of range; allowed: 1 to 256");
    }

    [Fact]
    public void Parse_StrengthAboveTwo_ReportsTheItem()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("[0.8, 1.0, 1.2]", "[0.8, 1.0, 2.5]")));

        At(error, "13:34", "matrix.finetune_strengths[2]", "2.5 is out of range; allowed: 0 to 2");
    }

    [Theory]
    [InlineData("\"4x5\"", "found '4x5' (did you mean '4:5'?)")]
    [InlineData("\"0:1\"", "found '0:1'; both sides must be 1 or more")]
    [InlineData("abc", "found 'abc'")]
    [InlineData("\"16:09\"", "found '16:09' (did you mean '16:9'?)")]
    [InlineData("1.25", "found '1.25'")]
    public void Parse_AspectRatioMalformed_SaysWhatAWellFormedRatioIs(string ratio, string found)
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("[\"16:9\", \"1:1\"]", $"[\"16:9\", {ratio}]")));

        At(error, "15:27", "matrix.aspect_ratios[1]", "expected an aspect ratio W:H of whole numbers, like \"4:5\" or \"16:9\", " + found);
    }

    [Fact]
    public void Parse_SizeNotMultipleOf32_NamesTheSideAndRule()
    {
        var error = SomeManifest.SingleError(SomeManifest.Sized("[1024x768, 1000x768]"));

        At(error, "15:21", "matrix.sizes[1]", "size '1000x768': width 1000 is not allowed; each side must be a multiple of 32 from 256 to 1440");
    }

    [Fact]
    public void Parse_FinetunedModelWithoutFinetuneId_ReportsMissingKeyAtTopMapping()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("finetune_id: acme-brand-v3\n", string.Empty)));

        At(error, "2:1", "finetune_id", "missing required key 'finetune_id'; expected the id of your finetune, required for flux-pro-1.1-ultra-finetuned");
    }

    [Fact]
    public void Parse_FinetuneIdOnBaseModel_IsRejected()
    {
        var yaml = SomeManifest.With(
            ("model: flux-pro-1.1-ultra-finetuned", "model: flux-pro-1.1-ultra"),
            ("  finetune_strengths: [0.8, 1.0, 1.2]\n", string.Empty));

        var error = SomeManifest.SingleError(yaml);

        At(error, "6:1", "finetune_id", "'finetune_id' is not allowed: flux-pro-1.1-ultra is a base model; remove finetune_id or use flux-pro-1.1-ultra-finetuned");
    }

    [Fact]
    public void Parse_StrengthsOnBaseModel_AreRejected()
    {
        var yaml = SomeManifest.With(
            ("model: flux-pro-1.1-ultra-finetuned", "model: flux-pro-1.1-ultra"),
            ("finetune_id: acme-brand-v3\n", string.Empty));

        var error = SomeManifest.SingleError(yaml);

        At(error, "12:3", "matrix.finetune_strengths", "is not allowed: flux-pro-1.1-ultra is a base model without a finetune");
    }

    [Fact]
    public void Parse_DuplicatePromptIds_ReportsTheSecond()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("- id: kitchen", "- id: kettle-hero")));

        At(error, "11:11", "matrix.prompts[1].id", "duplicate prompt id 'kettle-hero' (also matrix.prompts[0]); prompt ids must be unique");
    }

    [Fact]
    public void Parse_DuplicateKey_ReportsTheSecondWithTheFirstLine()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("provider: sandbox\n", "provider: sandbox\ncampaign: other\n")));

        At(error, "5:1", "campaign", "duplicate key 'campaign' (first set at line 3)");
    }

    [Fact]
    public void Parse_YamlSyntaxError_ReportsTheParserMark()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("provider: sandbox", " provider: sandbox")));

        At(error, "4:10", string.Empty, "YAML syntax error");
        Assert.Equal($"{SomeManifest.File}:4:10: {error.Message}", error.ToString());
    }

    [Fact]
    public void Parse_UnterminatedFlowList_ReportsASyntaxError()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("seeds: [11, 12]", "seeds: [11, 12")));

        Assert.Contains("YAML syntax error", error.Message, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error.Path);
    }

    [Fact]
    public void Parse_VersionTwo_SaysWhichVersionIsRead()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("version: 1", "version: 2")));

        At(error, "2:10", "version", "unsupported manifest version 2; this pipeline reads version 1");
    }

    [Fact]
    public void Parse_BadCampaignSlug_ExplainsTheRule()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("campaign: acme-spring", "campaign: Acme Spring")));

        At(error, "3:11", "campaign", "'Acme Spring' is not a valid campaign slug; use lower-case letters, digits and '-'");
    }

    [Fact]
    public void Parse_UnknownProvider_SuggestsAndListsProviders()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("provider: sandbox", "provider: bfll")));

        At(error, "4:11", "provider", "unknown provider 'bfll' (did you mean 'bfl'?); allowed: sandbox, bfl, fal, replicate, openai, cometapi");
    }

    [Fact]
    public void Parse_UnknownModel_SuggestsTheNearestModel()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("model: flux-pro-1.1-ultra-finetuned", "model: flux-pro-ultra-finetuned")));

        At(error, "5:8", "model", "unknown model 'flux-pro-ultra-finetuned' (did you mean 'flux-pro-1.1-ultra-finetuned'?)");
    }

    [Fact]
    public void Parse_FillModelWithoutImage_AsksForImageAndRefusesAspectRatios()
    {
        var errors = SomeManifest.Errors(SomeManifest.With(("model: flux-pro-1.1-ultra-finetuned", "model: flux-pro-1.0-fill-finetuned")));

        Assert.Equal(2, errors.Count);
        At(errors[0], "2:1", "image", "missing required key 'image'; expected the path of the image to fill (PNG or JPEG, relative to the manifest)");
        At(errors[1], "15:3", "matrix.aspect_ratios", "renders at the size of its input image, not at an aspect ratio");
    }

    [Fact]
    public void Parse_UnknownParamsKey_SuggestsTheNearestField()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("safety_tolerance: 2", "safety_tolerence: 2")));

        At(error, "16:31", "params.safety_tolerence", "unknown key 'safety_tolerence' (did you mean 'safety_tolerance'?)");
        Assert.Contains("allowed keys in params for flux-pro-1.1-ultra-finetuned: output_format, safety_tolerance, prompt_upsampling, image_prompt_strength", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RawOnUltraFinetuned_GivesTheReason()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("safety_tolerance: 2}", "safety_tolerance: 2, raw: true}")));

        At(error, "16:52", "params.raw", "raw mode does not work with finetunes; black-forest-labs/flux#432");
    }

    [Fact]
    public void Parse_SeedAxisInParams_PointsToTheMatrix()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("safety_tolerance: 2}", "safety_tolerance: 2, seed: 4}")));

        At(error, "16:52", "params.seed", "'seed' is not allowed in params: seeds come from matrix.seeds");
    }

    [Fact]
    public void Parse_RandomSeedsWithCount_AreEitherOr()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("seeds: [11, 12]", "seeds: {random: 4, count: 2}")));

        At(error, "14:11", "matrix.seeds.random", "use either {random: N} or {count, start}, not both");
    }

    [Fact]
    public void Parse_NegativeSeed_ReportsRange()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("seeds: [11, 12]", "seeds: [11, -1]")));

        At(error, "14:15", "matrix.seeds[1]", "-1 is out of range; allowed: 0 to 2147483647");
    }

    [Fact]
    public void Parse_SizesOnUltraModel_AreRejected()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("  aspect_ratios:", "  sizes: [1024x768]\n  aspect_ratios:")));

        At(error, "15:3", "matrix.sizes", "flux-pro-1.1-ultra-finetuned takes aspect_ratios like [\"16:9\"], not sizes");
    }

    [Fact]
    public void Parse_SizedModelWithoutSizes_ReportsMissingSizes()
    {
        var yaml = SomeManifest.With(
            ("model: flux-pro-1.1-ultra-finetuned", "model: flux-pro-finetuned"),
            ("  aspect_ratios: [\"16:9\", \"1:1\"]\n", string.Empty));

        var error = SomeManifest.SingleError(yaml);

        At(error, "7:1", "matrix.sizes", "missing required key 'sizes'; expected a list of sizes like [\"1024x768\"] for flux-pro-finetuned");
    }

    [Fact]
    public void Parse_OutputFormatNotVerified_ReportsTheConflict()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("output_format: jpeg", "output_format: png")));

        At(error, "18:31", "verify.formats", "does not include 'png'");
    }

    [Fact]
    public void Parse_ListExpected_SaysWhatWasFound()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("seeds: [11, 12]", "seeds: 11")));

        At(error, "14:10", "matrix.seeds", "expected a list of seeds (or {count, start} or {random: N}), found '11'");
    }

    [Fact]
    public void Parse_ExcludeNamesUnknownPrompt_SuggestsAnId()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("  seeds: [11, 12]", "  seeds: [11, 12]\n  exclude: [{prompt: kettle-her}]")));

        At(error, "15:22", "matrix.exclude[0].prompt", "unknown prompt id 'kettle-her' (did you mean 'kettle-hero'?)");
    }

    [Fact]
    public void Parse_EmptyDocument_SaysWhatIsExpected()
    {
        var error = SomeManifest.SingleError("# nothing here\n");

        At(error, "2:1", string.Empty, "the manifest is empty; expected a mapping with version, campaign, provider, model and matrix");
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsAllInDocumentOrder()
    {
        var yaml = SomeManifest.With(
            ("version: 1", "version: 2"),
            ("provider: sandbox", "provider: bfll"),
            ("[0.8, 1.0, 1.2]", "[0.8, 1.0, 2.5]"),
            ("concurrency: 8", "concurrency: 0"));

        var errors = SomeManifest.Errors(yaml);

        Assert.Equal(
            ["version", "provider", "matrix.finetune_strengths[2]", "limits.concurrency"],
            errors.Select(e => e.Path));
        Assert.Equal(["2:10", "4:11", "13:34", "17:23"], errors.Select(e => $"{e.Line}:{e.Column}"));
    }

    [Fact]
    public void ManifestException_Message_ListsEveryErrorAsFileLineColumnPathMessage()
    {
        var yaml = SomeManifest.With(("version: 1", "version: 2"), ("concurrency: 8", "concurrency: 0"));

        var exception = Assert.Throws<ManifestException>(() => SomeManifest.Parse(yaml));

        Assert.Equal(
            "campaign.yaml:2:10: version: unsupported manifest version 2; this pipeline reads version 1" + Environment.NewLine
            + "campaign.yaml:17:23: limits.concurrency: 0 is out of range; allowed: 1 to 256",
            exception.Message);
    }

    [Fact]
    public void Parse_VersionNotAnInteger_IsUnsupported()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("version: 1", "version: 1.0")));

        ManifestAssert.At(error, "2:10", "version", "unsupported manifest version 1.0; this pipeline reads version 1");
    }

    [Fact]
    public void Parse_DeeplyNestedValue_IsRefused()
    {
        var yaml = SomeManifest.With(("seeds: [11, 12]", $"seeds: {new string('[', 100)}{new string(']', 100)}"));

        var error = SomeManifest.SingleError(yaml);

        Assert.Contains("nesting deeper than 64 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ExcludeKeyWithoutValue_IsAnErrorNotAMatchAll()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("  seeds: [11, 12]", "  seeds: [11, 12]\n  exclude: [{seed: }]")));

        At(error, "15:14", "matrix.exclude[0].seed", "'seed' has no value");
    }

    [Fact]
    public void Load_MissingFile_ThrowsManifestException()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.yaml");

        var error = Assert.Single(Assert.Throws<ManifestException>(() => new ManifestLoader().Load(path)).Errors);

        Assert.Equal(path, error.File);
        Assert.Contains("cannot read the manifest", error.Message, StringComparison.Ordinal);
    }
}
