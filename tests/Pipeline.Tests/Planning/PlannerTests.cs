using System.Globalization;
using Pipeline.Manifests;
using Pipeline.Planning;
using Pipeline.Tests.Manifests;
using Pipeline.Domain;

using Pipeline.Manifests.Reading;

namespace Pipeline.Tests.Planning;

public sealed class PlannerTests
{
    private const string Seeds = "  seeds: [11, 12]";

    [Fact]
    public void Expand_ExampleManifest_Gives24JobsInNestingOrder()
    {
        var plan = Planner.Expand(new ManifestLoader().Load(RepositoryFiles.Path("manifests/example.yaml")));

        Assert.Equal(24, plan.Jobs.Count);
        Assert.Equal(24, plan.Jobs.Select(j => j.Id).Distinct().Count());
        Assert.Equal(
            ["kettle-hero 0.8 11 16:9", "kettle-hero 0.8 11 1:1", "kettle-hero 0.8 12 16:9", "kettle-hero 0.8 12 1:1", "kettle-hero 1.0 11 16:9"],
            plan.Jobs.Take(5).Select(Describe));
        Assert.Equal("kitchen-lifestyle 1.2 12 1:1", Describe(plan.Jobs[^1]));
        Assert.All(plan.Jobs, j => Assert.Equal("acme-brand-v3", j.FinetuneId));
    }

    [Fact]
    public void Expand_Jobs_TakeOutputFormatAndTheOtherParamsSorted()
    {
        var manifest = SomeManifest.Parse(SomeManifest.With(
            ("params: {output_format: jpeg, safety_tolerance: 2}", "params: {safety_tolerance: 2, output_format: png, prompt_upsampling: false}"),
            ("formats: [jpeg]", "formats: [png]")));

        var job = Planner.Expand(manifest).Jobs[0];

        Assert.Equal("png", job.OutputFormat);
        Assert.Equal(["prompt_upsampling", "safety_tolerance"], job.Params.Keys);
    }

    [Fact]
    public void Expand_NoOutputFormat_DefaultsToJpeg()
    {
        var manifest = SomeManifest.Parse(SomeManifest.With(("params: {output_format: jpeg, safety_tolerance: 2}\n", string.Empty)));

        Assert.All(Planner.Expand(manifest).Jobs, j => Assert.Equal("jpeg", j.OutputFormat));
    }

    [Fact]
    public void Expand_Exclude_DropsEveryCombinationMatchingAllItsKeys()
    {
        var plan = Expand($"{Seeds}\n  exclude: [{{prompt: kettle-hero, aspect_ratio: \"1:1\"}}, {{finetune_strength: 1, seed: 12}}]");

        Assert.Equal(24 - 6 - 4 + 1, plan.Jobs.Count);
        Assert.DoesNotContain(plan.Jobs, j => j.PromptId == "kettle-hero" && j.AspectRatio == "1:1");
        Assert.DoesNotContain(plan.Jobs, j => j.FinetuneStrength == 1m && j.Seed == 12);
    }

    [Fact]
    public void Expand_IncludeOfNewCombination_AppendsOneJob()
    {
        var plan = Expand($"{Seeds}\n  include: [{{prompt: kettle-hero, finetune_strength: 1.5, seed: 7, aspect_ratio: \"21:9\"}}]");

        Assert.Equal(25, plan.Jobs.Count);
        Assert.Equal("kettle-hero 1.5 7 21:9", Describe(plan.Jobs[^1]));
    }

    [Theory]
    [InlineData("{prompt: kettle-hero, finetune_strength: 1.0, seed: 11, aspect_ratio: \"16:9\"}")]
    [InlineData("{prompt: kitchen, seed: 12}")]
    [InlineData("{finetune_strength: 1.20}")]
    public void Expand_IncludeMatchingExistingCombinations_ChangesNothing(string include)
    {
        var plan = Expand($"{Seeds}\n  include: [{include}]");

        Assert.Equal(24, plan.Jobs.Count);
    }

    [Fact]
    public void Expand_IncludeAfterExclude_AddsTheCombinationBack()
    {
        var plan = Expand(
            $"{Seeds}\n  exclude: [{{aspect_ratio: \"1:1\"}}]\n"
            + "  include: [{prompt: kitchen, finetune_strength: 0.8, seed: 11, aspect_ratio: \"1:1\"}]");

        Assert.Equal(13, plan.Jobs.Count);
        Assert.Equal("kitchen 0.8 11 1:1", Describe(plan.Jobs[^1]));
    }

    [Fact]
    public void Expand_IncludeNewButPartial_ReportsMissingAxesAtTheEntry()
    {
        var manifest = SomeManifest.Parse(SomeManifest.With((Seeds, $"{Seeds}\n  include: [{{prompt: kitchen, seed: 99}}]")));

        var error = Assert.Single(Assert.Throws<ManifestException>(() => Planner.Expand(manifest)).Errors);

        ManifestAssert.At(error, "15:13", "matrix.include[0]", "adds a new job, which needs every axis; missing: finetune_strength, aspect_ratio");
    }

    [Fact]
    public void Expand_SameRequestTwice_KeepsTheFirstJob()
    {
        var plan = Expand(Seeds, strengths: "[1, 1.0, 1.00]");

        Assert.Equal(8, plan.Jobs.Count);
        Assert.All(plan.Jobs, j => Assert.Equal("1", j.FinetuneStrength!.Value.ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Expand_BaseModel_HasOneNullStrength()
    {
        var plan = Planner.Expand(SomeManifest.Parse(SomeManifest.BaseModel()));

        Assert.Equal(8, plan.Jobs.Count);
        Assert.All(plan.Jobs, j => Assert.Null(j.FinetuneStrength));
        Assert.All(plan.Jobs, j => Assert.Null(j.FinetuneId));
    }

    [Fact]
    public void Expand_SizedModel_UsesSizes()
    {
        var plan = Planner.Expand(SomeManifest.Parse(SomeManifest.Sized("[1024x768, 768x1024]")));

        Assert.Equal(24, plan.Jobs.Count);
        Assert.All(plan.Jobs, j => Assert.Null(j.AspectRatio));
        Assert.Equal([new ImageSize(1024, 768), new ImageSize(768, 1024)], plan.Jobs.Take(2).Select(j => j.Size!.Value));
    }

    private static Plan Expand(string seedsAndEntries, string strengths = "[0.8, 1.0, 1.2]") =>
        Planner.Expand(SomeManifest.Parse(SomeManifest.With(("[0.8, 1.0, 1.2]", strengths), (Seeds, seedsAndEntries))));

    private static string Describe(Job job) =>
        string.Create(CultureInfo.InvariantCulture, $"{job.PromptId} {job.FinetuneStrength} {job.Seed} {job.AspectRatio}");
}
