using System.Globalization;
using Pipeline.Manifests;
using Pipeline.Domain;

using Pipeline.Manifests.Reading;

namespace Pipeline.Tests.Manifests;

public sealed class ManifestLoaderTests
{
    [Fact]
    public void Load_ExampleManifest_ReadsEveryBlock()
    {
        var manifest = new ManifestLoader().Load(RepositoryFiles.Path("manifests/example.yaml"));

        Assert.Equal(1, manifest.Version);
        Assert.Equal("acme-spring", manifest.Campaign);
        Assert.Equal("sandbox", manifest.Provider);
        Assert.Equal("flux-pro-1.1-ultra-finetuned", manifest.Model);
        Assert.Equal("acme-brand-v3", manifest.FinetuneId);
        Assert.Equal(["kettle-hero", "kitchen-lifestyle"], manifest.Matrix.Prompts.Select(p => p.Id));
        Assert.Equal(["0.8", "1.0", "1.2"], Texts(manifest.Matrix.FinetuneStrengths));
        Assert.Equal([11L, 12L], manifest.Matrix.Seeds);
        Assert.Equal(["16:9", "1:1"], manifest.Matrix.AspectRatios);
        Assert.Empty(manifest.Matrix.Sizes);
        Assert.Equal(new ManifestLimits(8, 120, 5m, 4), manifest.Limits);
        Assert.Equal(NsfwPolicy.Fail, manifest.Verify.Nsfw);
        Assert.Equal(["jpeg"], manifest.Verify.Formats);
        Assert.Equal(["output_format", "safety_tolerance"], manifest.Params.Keys);
        Assert.Equal("jpeg", manifest.Params["output_format"]);
        Assert.Equal(2L, manifest.Params["safety_tolerance"]);
    }

    [Fact]
    public void Load_FileInTempDirectory_NamesTheFileInSources()
    {
        var dir = Directory.CreateTempSubdirectory("manifest-tests-");
        try
        {
            var path = Path.Combine(dir.FullName, "spring.yaml");
            File.WriteAllText(path, SomeManifest.Valid);

            var manifest = new ManifestLoader().Load(path);

            Assert.Equal(path, manifest.SourcePath);
            Assert.Equal(path, manifest.Sources.File);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("campaign", 3, 11)]
    [InlineData("matrix", 7, 1)]
    [InlineData("matrix.prompts", 8, 3)]
    [InlineData("matrix.prompts[1]", 11, 7)]
    [InlineData("matrix.prompts[0].text", 10, 13)]
    [InlineData("matrix.finetune_strengths[2]", 13, 34)]
    [InlineData("matrix.aspect_ratios[1]", 15, 27)]
    [InlineData("params.output_format", 16, 25)]
    [InlineData("limits.concurrency", 17, 23)]
    [InlineData("verify.formats[0]", 18, 32)]
    public void Parse_ValidManifest_RecordsThePositionOfEveryKeyPath(string path, int line, int column)
    {
        var manifest = SomeManifest.Parse(SomeManifest.Valid);

        Assert.Equal(new SourcePosition(line, column), manifest.Sources[path]);
    }

    [Fact]
    public void Parse_StrengthRange_StepsExactlyInDecimal()
    {
        var manifest = SomeManifest.Parse(SomeManifest.With(("[0.8, 1.0, 1.2]", "{from: 0.0, to: 2.0, step: 0.25}")));

        Assert.Equal(["0", "0.25", "0.5", "0.75", "1", "1.25", "1.5", "1.75", "2"], Texts(manifest.Matrix.FinetuneStrengths));
    }

    [Fact]
    public void Parse_StrengthRangeNotReachingEnd_IsRejectedAtTheStep()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("[0.8, 1.0, 1.2]", "{from: 0.5, to: 1.0, step: 0.3}")));

        ManifestAssert.At(error, "13:50", "matrix.finetune_strengths.step", "step 0.3 from 0.5 does not land on 'to' (1.0): the range would end at 0.8");
    }

    [Fact]
    public void Parse_StrengthRangeDownwards_IsRejected()
    {
        var error = SomeManifest.SingleError(SomeManifest.With(("[0.8, 1.0, 1.2]", "{from: 1.5, to: 0.5, step: 0.25}")));

        ManifestAssert.At(error, "13:39", "matrix.finetune_strengths.to", "'to' (0.5) is less than 'from' (1.5)");
    }

    [Fact]
    public void Parse_SeedCountAndStart_ExpandsConsecutiveSeeds()
    {
        var manifest = SomeManifest.Parse(SomeManifest.With(("seeds: [11, 12]", "seeds: {count: 4, start: 1000}")));

        Assert.Equal([1000L, 1001L, 1002L, 1003L], manifest.Matrix.Seeds);
    }

    [Fact]
    public void Parse_SeedCountWithoutStart_StartsAtZero()
    {
        var manifest = SomeManifest.Parse(SomeManifest.With(("seeds: [11, 12]", "seeds: {count: 3}")));

        Assert.Equal([0L, 1L, 2L], manifest.Matrix.Seeds);
    }

    [Fact]
    public void Parse_PlainStringPrompts_GetSlugIds()
    {
        var yaml = SomeManifest.With((
            "    - id: kettle-hero\n      text: A matte black kettle\n    - id: kitchen\n      text: A bright kitchen\n",
            "    - A matte black ACME kettle on a marble counter, morning light\n    - \"Hello, World!\"\n"));

        var manifest = SomeManifest.Parse(yaml);

        Assert.Equal(
            [
                new PromptSpec("a-matte-black-acme-kettle-on-a-marble", "A matte black ACME kettle on a marble counter, morning light"),
                new PromptSpec("hello-world", "Hello, World!"),
            ],
            manifest.Matrix.Prompts);
        Assert.Equal(new SourcePosition(10, 7), manifest.Sources["matrix.prompts[1].text"]);
    }

    [Fact]
    public void Parse_PlainStringPromptsWithSameSlug_AreDuplicates()
    {
        var yaml = SomeManifest.With(("    - id: kitchen\n      text: A bright kitchen\n", "    - A matte black kettle\n    - A matte black kettle!\n"));

        var error = SomeManifest.SingleError(yaml);

        ManifestAssert.At(error, "12:7", "matrix.prompts[2].id", "duplicate prompt id 'a-matte-black-kettle' (also matrix.prompts[1])");
    }

    [Theory]
    [InlineData("[16:9, 1:1]")]
    [InlineData("['16:9', \"1:1\"]")]
    [InlineData("\n    - 16:9\n    - '1:1'")]
    public void Parse_AspectRatiosQuotedOrNot_ReadTheSame(string ratios)
    {
        var manifest = SomeManifest.Parse(SomeManifest.With(("[\"16:9\", \"1:1\"]", ratios)));

        Assert.Equal(["16:9", "1:1"], manifest.Matrix.AspectRatios);
    }

    [Fact]
    public void Parse_AnyWellFormedRatio_IsKeptAsWrittenForThePlanToCheck()
    {
        var manifest = SomeManifest.Parse(SomeManifest.With(("[\"16:9\", \"1:1\"]", "[\"4:5\", 5:4, \"42:18\", \"1:4\"]")));

        Assert.Equal(["4:5", "5:4", "42:18", "1:4"], manifest.Matrix.AspectRatios);
    }

    [Fact]
    public void Parse_SizedModel_ReadsSizes()
    {
        var manifest = SomeManifest.Parse(SomeManifest.Sized("[1024x768, \"768x1024\"]"));

        Assert.Equal([new ImageSize(1024, 768), new ImageSize(768, 1024)], manifest.Matrix.Sizes);
        Assert.Empty(manifest.Matrix.AspectRatios);
    }

    [Fact]
    public void Parse_BaseModel_HasNoFinetuneAndNoStrengths()
    {
        var manifest = SomeManifest.Parse(SomeManifest.BaseModel());

        Assert.Null(manifest.FinetuneId);
        Assert.Empty(manifest.Matrix.FinetuneStrengths);
    }

    [Fact]
    public void Parse_LimitsAndVerifyOmitted_UseDefaults()
    {
        var yaml = SomeManifest.With(
            ("limits: {concurrency: 8, requests_per_minute: 120, max_cost_usd: 5, max_attempts: 4}\n", string.Empty),
            ("verify: {nsfw: fail, formats: [jpeg]}\n", string.Empty),
            ("params: {output_format: jpeg, safety_tolerance: 2}\n", string.Empty));

        var manifest = SomeManifest.Parse(yaml);

        Assert.Equal(ManifestLimits.Default, manifest.Limits);
        Assert.Equal(VerifyPolicy.Default, manifest.Verify);
        Assert.Empty(manifest.Params);
    }

    [Fact]
    public void Parse_SizeTolerance_IsReadAndReachesTheVerificationRules()
    {
        var manifest = SomeManifest.Parse(SomeManifest.With(("formats: [jpeg]}", "formats: [jpeg], size_tolerance_px: 2}")));

        Assert.Equal(2, manifest.Verify.SizeTolerancePx);
        Assert.Equal(2, Pipeline.Verification.VerificationRules.From(manifest.Verify).SizeTolerancePx);
        Assert.Equal(0, SomeManifest.Parse(SomeManifest.Valid).Verify.SizeTolerancePx);
    }

    [Theory]
    [InlineData("fail", BlankPolicy.Fail)]
    [InlineData("flag", BlankPolicy.Flag)]
    [InlineData("allow", BlankPolicy.Allow)]
    public void Parse_BlankPolicy_IsReadAndReachesTheVerificationRules(string value, BlankPolicy expected)
    {
        var manifest = SomeManifest.Parse(SomeManifest.With(("formats: [jpeg]}", $"formats: [jpeg], blank: {value}}}")));

        Assert.Equal(expected, manifest.Verify.Blank);
        Assert.Equal(expected, Pipeline.Verification.VerificationRules.From(manifest.Verify).Blank);
        Assert.Equal(BlankPolicy.Fail, SomeManifest.Parse(SomeManifest.Valid).Verify.Blank);
    }

    [Fact]
    public void Parse_Params_AreTypedPerField()
    {
        var manifest = SomeManifest.Parse(SomeManifest.With(
            ("params: {output_format: jpeg, safety_tolerance: 2}", "params: {output_format: png, prompt_upsampling: true, image_prompt_strength: 0.10}"),
            ("formats: [jpeg]", "formats: [png]")));

        Assert.Equal("png", manifest.Params["output_format"]);
        Assert.Equal(true, manifest.Params["prompt_upsampling"]);
        Assert.Equal("0.10", ((decimal)manifest.Params["image_prompt_strength"]).ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Parse_StepsAndGuidanceForSizedModel_AreAccepted()
    {
        var manifest = SomeManifest.Parse(SomeManifest.Sized().Replace("safety_tolerance: 2}", "steps: 40, guidance: 2.5}", StringComparison.Ordinal));

        Assert.Equal(40L, manifest.Params["steps"]);
        Assert.Equal(2.5m, manifest.Params["guidance"]);
    }

    [Fact]
    public void Parse_AnchorsAndAliases_AreResolved()
    {
        var manifest = SomeManifest.Parse(SomeManifest.With(("seeds: [11, 12]", "seeds: &seeds [11, 12]\n  exclude: [{seed: 11}]")));

        Assert.Equal([11L, 12L], manifest.Matrix.Seeds);
        Assert.Equal(11L, Assert.Single(manifest.Matrix.Exclude).Seed);
    }

    private static IEnumerable<string> Texts(IEnumerable<decimal> values) =>
        values.Select(v => v.ToString(CultureInfo.InvariantCulture));
}
