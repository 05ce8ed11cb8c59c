using Pipeline.Planning;
using Pipeline.Tests.Manifests;

namespace Pipeline.Tests.Planning;

/// <summary><c>run --only</c> selectors read as include/exclude entries and matched against the planned points.</summary>
public sealed class JobSelectionTests
{
    /// <summary><see cref="SomeManifest.Valid"/> (2 prompts × 3 strengths × 2 seeds × 2 ratios) with a var, an exclude and an include that adds a job.</summary>
    private static readonly Plan VarsPlan = Planner.Expand(SomeManifest.Parse(SomeManifest.With(
        ("  prompts:\n", "  vars:\n    color: [red, dark blue]\n  prompts:\n"),
        ("text: A matte black kettle", "text: A {color} kettle"),
        ("  seeds: [11, 12]", "  seeds: [11, 12]\n  exclude: [{color: red, seed: 11}]\n  include: [{prompt: kettle-hero, color: green, finetune_strength: 2, seed: 1, aspect_ratio: \"1:1\"}]"))));

    [Fact]
    public void Of_SeveralSelectors_SelectsTheJobsAnyOfThemMatches()
    {
        var plan = Planner.Expand(SomeManifest.Parse(SomeManifest.Valid));

        var selection = JobSelection.Of(plan, ["prompt=kettle-hero,seed=11,strength=0.8", "prompt=kitchen,finetune_strength=1.2,ratio=1:1"]);

        Assert.Equal(
            ["kettle-hero 0.8 11 16:9", "kettle-hero 0.8 11 1:1", "kitchen 1.2 11 1:1", "kitchen 1.2 12 1:1"],
            plan.Jobs.Where(j => selection.Contains(j.Id)).Select(j => $"{j.PromptId} {j.FinetuneStrength} {j.Seed} {j.AspectRatio}"));
    }

    [Fact]
    public void Of_StrengthWrittenWithAnotherScale_MatchesAsTheManifestsIncludeWould()
    {
        var plan = Planner.Expand(SomeManifest.Parse(SomeManifest.Valid));

        var selection = JobSelection.Of(plan, ["finetune_strength=1"]);

        Assert.Equal(8, selection.JobIds.Count);
        Assert.All(plan.Jobs.Where(j => selection.Contains(j.Id)), j => Assert.Equal(1.0m, j.FinetuneStrength));
    }

    [Fact]
    public void Of_VarValueQuotedAndAnIncludeAddedJob_BothSelectable()
    {
        var quoted = JobSelection.Of(VarsPlan, ["color=\"dark blue\",seed=11"]);
        var added = JobSelection.Of(VarsPlan, ["color=green"]);

        Assert.Equal(6, quoted.JobIds.Count);
        Assert.All(VarsPlan.Jobs.Where(j => quoted.Contains(j.Id)), j => Assert.Equal(("kettle-hero.dark-blue", 11L), (j.PromptId, j.Seed)));
        var job = Assert.Single(VarsPlan.Jobs, j => added.Contains(j.Id));
        Assert.Equal(("kettle-hero.green", 2m, 1L), (job.PromptId, job.FinetuneStrength!.Value, job.Seed));
    }

    [Fact]
    public void Of_ExcludedPoint_MatchesNoJobAndSaysWhichValuesThereAre()
    {
        var error = Assert.Throws<JobSelectionException>(() => JobSelection.Of(VarsPlan, ["color=red,seed=11"]));

        Assert.Equal(
            "--only 'color=red,seed=11' matches no job of the plan; its values are prompt kettle-hero, kitchen; finetune_strength 0.8, 1.0, 1.2, 2; seed 12, 11, 1; aspect_ratio 16:9, 1:1; color red, dark blue.",
            error.Message);
    }

    [Fact]
    public void Of_EveryProblemAtOnce_EachWithItsSelectorAndColumn()
    {
        var plan = Planner.Expand(SomeManifest.Parse(SomeManifest.Valid));

        var error = Assert.Throws<JobSelectionException>(() => JobSelection.Of(plan, ["prompt=kettle-hero, colour=red", "seed=", "aspect_ratio=5x4", ""]));

        Assert.Equal(
            [
                "--only 'prompt=kettle-hero, colour=red', column 21: colour: unknown key 'colour'; allowed keys in an entry: prompt, finetune_id, finetune_strength, seed, aspect_ratio, size",
                "--only 'seed=', column 1: seed: 'seed' has no value; give a value or remove the key",
                "--only 'aspect_ratio=5x4', column 14: aspect_ratio: expected an aspect ratio W:H of whole numbers, like \"4:5\" or \"16:9\", found '5x4' (did you mean '5:4'?)",
                "--only '', column 1: an empty part; write key=value pairs separated by commas, like prompt=kettle-hero,seed=11",
            ],
            error.Message.Split(Environment.NewLine));
    }
}
