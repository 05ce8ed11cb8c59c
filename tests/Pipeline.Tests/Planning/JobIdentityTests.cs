using System.Collections.Immutable;
using Pipeline.Manifests;
using Pipeline.Planning;
using Pipeline.Tests.Manifests;
using Pipeline.Domain;

namespace Pipeline.Tests.Planning;

public sealed class JobIdentityTests
{
    private static readonly ImmutableSortedDictionary<string, object> Params =
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, object>("safety_tolerance", 2L)]);

    private static readonly Job Fixed = new(
        new JobId(string.Empty),
        "acme-spring",
        "kettle-hero",
        "A matte black ACME kettle",
        "sandbox",
        "flux-pro-1.1-ultra-finetuned",
        "acme-brand-v3",
        0.8m,
        11,
        "16:9",
        null,
        "jpeg",
        Params);

    [Fact]
    public void Compute_FixedJob_IsPinned()
    {
        // If this fails, every existing campaign would re-render: only change it with a new header version.
        Assert.Equal(new JobId("6a4b8e2b2899cd6b"), JobIdentity.Compute(Fixed));
    }

    [Fact]
    public void Canonical_FixedJob_IsTheDocumentedText()
    {
        var text = JobIdentity.Canonical(Fixed.Provider, Fixed.Model, Fixed.FinetuneId, Fixed.Prompt, Fixed.FinetuneStrength, Fixed.Seed, Fixed.AspectRatio, Fixed.Size, Fixed.OutputFormat, Fixed.Params);

        Assert.Equal(
            "pipeline-job/v1\nprovider=sandbox\nmodel=flux-pro-1.1-ultra-finetuned\nfinetune_id=acme-brand-v3\n"
            + "prompt=A matte black ACME kettle\nfinetune_strength=0.8\nseed=11\naspect_ratio=16:9\nsize=\n"
            + "output_format=jpeg\nparam.safety_tolerance=2\n",
            text);
    }

    [Fact]
    public void Canonical_FillInputs_FollowAsTheirHashesOnlyWhenPresent()
    {
        var text = JobIdentity.Canonical(Fixed.Provider, Fixed.Model, Fixed.FinetuneId, Fixed.Prompt, Fixed.FinetuneStrength, Fixed.Seed, null, null, Fixed.OutputFormat, Fixed.Params, "ab12", "cd34");

        Assert.EndsWith("param.safety_tolerance=2\nimage_sha256=ab12\nmask_sha256=cd34\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("image_sha256", JobIdentity.Canonical(Fixed.Provider, Fixed.Model, Fixed.FinetuneId, Fixed.Prompt, Fixed.FinetuneStrength, Fixed.Seed, null, null, Fixed.OutputFormat, Fixed.Params), StringComparison.Ordinal);
    }

    public static TheoryData<string> Changes() =>
    [
        "provider", "model", "finetune_id", "prompt", "finetune_strength", "strength_removed", "seed",
        "aspect_ratio", "size", "output_format", "param_value", "param_added", "prompt_whitespace",
    ];

    [Theory]
    [MemberData(nameof(Changes))]
    public void Compute_AnyDefiningFieldChanged_ChangesTheId(string change)
    {
        var changed = change switch
        {
            "provider" => Fixed with { Provider = "bfl" },
            "model" => Fixed with { Model = "flux-pro-finetuned" },
            "finetune_id" => Fixed with { FinetuneId = "acme-brand-v4" },
            "prompt" => Fixed with { Prompt = "A matte white ACME kettle" },
            "prompt_whitespace" => Fixed with { Prompt = "A matte black ACME kettle " },
            "finetune_strength" => Fixed with { FinetuneStrength = 0.9m },
            "strength_removed" => Fixed with { FinetuneStrength = null },
            "seed" => Fixed with { Seed = 12 },
            "aspect_ratio" => Fixed with { AspectRatio = "1:1" },
            "size" => Fixed with { AspectRatio = null, Size = new ImageSize(1024, 768) },
            "output_format" => Fixed with { OutputFormat = "png" },
            "param_value" => Fixed with { Params = Params.SetItem("safety_tolerance", 3L) },
            "param_added" => Fixed with { Params = Params.Add("prompt_upsampling", true) },
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };

        Assert.NotEqual(JobIdentity.Compute(Fixed), JobIdentity.Compute(changed));
    }

    [Fact]
    public void Compute_LabelsOnly_DoNotChangeTheId()
    {
        var relabelled = Fixed with { Id = new JobId("x"), PromptId = "hero", Campaign = "acme-summer" };

        Assert.Equal(JobIdentity.Compute(Fixed), JobIdentity.Compute(relabelled));
    }

    [Theory]
    [InlineData("0.8")]
    [InlineData("0.80")]
    [InlineData("0.800")]
    public void Compute_StrengthScale_DoesNotChangeTheId(string strength)
    {
        var scaled = Fixed with { FinetuneStrength = decimal.Parse(strength, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Equal(JobIdentity.Compute(Fixed), JobIdentity.Compute(scaled));
    }

    [Fact]
    public void Compute_IntegralStrengths_OneAndOnePointZeroAreEqual()
    {
        Assert.Equal(JobIdentity.Compute(Fixed with { FinetuneStrength = 1m }), JobIdentity.Compute(Fixed with { FinetuneStrength = 1.00m }));
    }

    [Fact]
    public void Compute_NewlineInPrompt_CannotForgeAnotherField()
    {
        var forged = Fixed with { Prompt = "A matte black ACME kettle\nfinetune_strength=0.8", FinetuneStrength = null };

        Assert.NotEqual(JobIdentity.Compute(Fixed), JobIdentity.Compute(forged));
    }

    [Fact]
    public void Expand_PromptIdRenamed_KeepsEveryJobId()
    {
        var original = Planner.Expand(SomeManifest.Parse(SomeManifest.Valid));
        var renamed = Planner.Expand(SomeManifest.Parse(SomeManifest.With(("- id: kettle-hero", "- id: hero"))));

        Assert.Equal(original.Jobs.Select(j => j.Id), renamed.Jobs.Select(j => j.Id));
        Assert.All(original.Jobs, j => Assert.Equal(JobIdentity.Compute(j), j.Id));
    }

    [Fact]
    public void Expand_StrengthWrittenWithMoreZeros_KeepsEveryJobId()
    {
        var original = Planner.Expand(SomeManifest.Parse(SomeManifest.Valid));
        var rewritten = Planner.Expand(SomeManifest.Parse(SomeManifest.With(("[0.8, 1.0, 1.2]", "[0.80, 1, 1.200]"))));

        Assert.Equal(original.Jobs.Select(j => j.Id), rewritten.Jobs.Select(j => j.Id));
    }
}
