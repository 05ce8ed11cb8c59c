using System.Globalization;
using Pipeline.Manifests;
using Pipeline.Planning;
using Pipeline.Tests.Manifests;
using Pipeline.Tests.Support;

using Pipeline.Manifests.Reading;

namespace Pipeline.Tests.Planning;

/// <summary>How each axis form expands into jobs.</summary>
public sealed class AxisExpansionTests : IDisposable
{
    private const string Seeds = "  seeds: [11, 12]";
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Expand_RandomSeeds_DrawsDistinctSeedsInRangeOnce()
    {
        var manifest = SomeManifest.Parse(SomeManifest.With(("seeds: [11, 12]", "seeds: {random: 3}")));

        var plan = Planner.Expand(manifest);

        Assert.Equal(3, plan.RandomSeeds.Distinct().Count());
        Assert.All(plan.RandomSeeds, s => Assert.InRange(s, 0, int.MaxValue));
        Assert.Equal(0, plan.PinnedRandomSeeds);
        Assert.Equal(2 * 3 * 3 * 2, plan.Jobs.Count);
        Assert.Equal(plan.RandomSeeds, plan.Jobs.Select(j => j.Seed).Distinct());
    }

    [Fact]
    public void Expand_RandomSeedsPinned_ReusesThemForTheSameJobs()
    {
        var manifest = SomeManifest.Parse(SomeManifest.With(("seeds: [11, 12]", "seeds: {random: 2}")));
        var first = Planner.Expand(manifest);

        var again = Planner.Expand(manifest, first.RandomSeeds);

        Assert.Equal(first.Jobs.Select(j => j.Id), again.Jobs.Select(j => j.Id));
        Assert.Equal(2, again.PinnedRandomSeeds);
    }

    [Fact]
    public void Expand_RandomSeedsRaised_KeepsThePinnedOnesAndDrawsTheRest()
    {
        var manifest = SomeManifest.Parse(SomeManifest.With(("seeds: [11, 12]", "seeds: {random: 4}")));

        var plan = Planner.Expand(manifest, [7, 8]);

        Assert.Equal([7L, 8L], plan.RandomSeeds.Take(2));
        Assert.Equal(4, plan.RandomSeeds.Distinct().Count());
        Assert.Equal(2, plan.PinnedRandomSeeds);
    }

    [Fact]
    public void Expand_RandomSeedsLowered_KeepsTheFirstPinned()
    {
        var manifest = SomeManifest.Parse(SomeManifest.With(("seeds: [11, 12]", "seeds: {random: 1}")));

        Assert.Equal([7L], Planner.Expand(manifest, [7, 8]).RandomSeeds);
    }

    [Fact]
    public void Expand_FinetuneIds_EveryJobOnEachFinetuneWithItsOwnId()
    {
        var plan = Expand(("finetune_id: acme-brand-v3\n", string.Empty), ("  seeds:", "  finetune_ids: [acme-v3, acme-v4]\n  seeds:"));

        Assert.Equal(48, plan.Jobs.Count);
        Assert.Equal(["acme-v3", "acme-v4"], plan.Jobs.Select(j => j.FinetuneId).Distinct());
        Assert.Equal(["acme-v3", "acme-v3"], plan.Jobs.Take(2).Select(j => j.FinetuneId));
        Assert.Equal(48, plan.Jobs.Select(j => j.Id).Distinct().Count());
    }

    [Fact]
    public void Expand_PromptOverrides_ReplaceTheAxesForThatPromptOnly()
    {
        var plan = Expand(("      text: A bright kitchen\n", "      text: A bright kitchen\n      finetune_id: acme-v9\n      finetune_strengths: [1.5]\n      aspect_ratios: [\"9:21\"]\n"));

        var kitchen = plan.Jobs.Where(j => j.PromptId == "kitchen").ToList();
        Assert.Equal(12 + 2, plan.Jobs.Count);
        Assert.All(kitchen, j => Assert.Equal(("acme-v9", 1.5m, "9:21"), (j.FinetuneId, j.FinetuneStrength!.Value, j.AspectRatio)));
        Assert.All(plan.Jobs.Where(j => j.PromptId == "kettle-hero"), j => Assert.Equal("acme-brand-v3", j.FinetuneId));
    }

    [Fact]
    public void Expand_Vars_FillTheTextAndNameThePromptIdInVarOrder()
    {
        var plan = Expand(
            ("  prompts:\n", "  vars:\n    finish: [matte black, Copper]\n    room: [kitchen, studio]\n  prompts:\n"),
            ("text: A matte black kettle", "text: A {finish} kettle in a {room}"),
            ("text: A bright kitchen", "text: A bright {room}"),
            ("[0.8, 1.0, 1.2]", "[1]"),
            (Seeds, "  seeds: [1]"),
            ("[\"16:9\", \"1:1\"]", "[\"1:1\"]"));

        Assert.Equal(
            [
                "kettle-hero.matte-black.kitchen: A matte black kettle in a kitchen",
                "kettle-hero.matte-black.studio: A matte black kettle in a studio",
                "kettle-hero.copper.kitchen: A Copper kettle in a kitchen",
                "kettle-hero.copper.studio: A Copper kettle in a studio",
                "kitchen.kitchen: A bright kitchen",
                "kitchen.studio: A bright studio",
            ],
            plan.Jobs.Select(j => $"{j.PromptId}: {j.Prompt}"));
    }

    [Fact]
    public void Expand_Zip_PairsValuesInsteadOfMultiplying()
    {
        var plan = Expand(("[0.8, 1.0, 1.2]", "[0.8, 1.2]"), (Seeds, $"{Seeds}\n  zip: [[finetune_strengths, seeds]]"));

        Assert.Equal(2 * 2 * 2, plan.Jobs.Count);
        Assert.Equal(["0.8 11", "1.2 12"], plan.Jobs.Select(j => string.Create(CultureInfo.InvariantCulture, $"{j.FinetuneStrength} {j.Seed}")).Distinct());
    }

    [Fact]
    public void Expand_ZipWithAVar_PromptsWithoutTheVarGetEachSeedOnce()
    {
        var plan = Expand(
            ("  prompts:\n", "  vars:\n    color: [red, blue]\n  prompts:\n"),
            ("text: A matte black kettle", "text: A {color} kettle"),
            ("[0.8, 1.0, 1.2]", "[1]"),
            ("[\"16:9\", \"1:1\"]", "[\"1:1\"]"),
            (Seeds, $"{Seeds}\n  zip: [[color, seeds]]"));

        Assert.Equal(["kettle-hero.red 11", "kettle-hero.blue 12", "kitchen 11", "kitchen 12"], plan.Jobs.Select(j => $"{j.PromptId} {j.Seed}"));
    }

    [Fact]
    public void Expand_ExcludeByVarAndFinetune_DropsOnlyMatchingJobs()
    {
        var plan = Expand(
            ("finetune_id: acme-brand-v3\n", string.Empty),
            ("  prompts:\n", "  finetune_ids: [v3, v4]\n  vars:\n    color: [red, blue]\n  prompts:\n"),
            ("text: A matte black kettle", "text: A {color} kettle"),
            (Seeds, $"{Seeds}\n  exclude: [{{color: red, finetune_id: v4}}]"));

        Assert.Equal((2 * 2 * 12) - 12 + (2 * 12), plan.Jobs.Count);
        Assert.DoesNotContain(plan.Jobs, j => j.PromptId == "kettle-hero.red" && j.FinetuneId == "v4");
        Assert.Contains(plan.Jobs, j => j.PromptId == "kitchen" && j.FinetuneId == "v4");
    }

    [Fact]
    public void Expand_IncludeWithANewVarValue_AddsThatJob()
    {
        var plan = Expand(
            ("  prompts:\n", "  vars:\n    color: [red]\n  prompts:\n"),
            ("text: A matte black kettle", "text: A {color} kettle"),
            (Seeds, $"{Seeds}\n  include: [{{prompt: kettle-hero, color: Sea Green, finetune_strength: 2, seed: 5, aspect_ratio: \"21:9\"}}]"));

        var added = plan.Jobs[^1];
        Assert.Equal(("kettle-hero.sea-green", "A Sea Green kettle", "acme-brand-v3"), (added.PromptId, added.Prompt, added.FinetuneId));
    }

    [Fact]
    public void Expand_IncludeWithoutFinetuneOnAFinetuneAxis_AsksForIt()
    {
        var manifest = SomeManifest.Parse(SomeManifest.With(
            ("finetune_id: acme-brand-v3\n", string.Empty),
            ("  seeds:", "  finetune_ids: [v3, v4]\n  seeds:"),
            (Seeds, $"{Seeds}\n  include: [{{prompt: kitchen, finetune_strength: 2, seed: 5, aspect_ratio: \"21:9\"}}]")));

        var error = Assert.Single(Assert.Throws<ManifestException>(() => Planner.Expand(manifest)).Errors);

        ManifestAssert.At(error, "15:13", "matrix.include[0]", "missing: finetune_id");
    }

    [Fact]
    public void Expand_FillManifest_JobsCarryTheInputsAndTheirHashesInTheId()
    {
        File.WriteAllBytes(_dir.File("kettle.png"), TestImages.Png(256, 256));
        File.WriteAllBytes(_dir.File("mask.png"), TestImages.Png(256, 256));
        var path = _dir.Write("fill.yaml", AxisFormTests.Fill("image: kettle.png\nmask: mask.png\n"));

        var plan = Planner.Expand(new ManifestLoader().Load(path));
        var job = plan.Jobs[0];
        var withoutInputs = JobIdentity.Compute(job with { ImagePath = null, MaskPath = null });
        var idFromFiles = JobIdentity.Compute(job);
        File.WriteAllBytes(_dir.File("mask.png"), TestImages.Jpeg(256, 256));
        var edited = Planner.Expand(new ManifestLoader().Load(path));

        Assert.Equal(12, plan.Jobs.Count);
        Assert.Equal((_dir.File("kettle.png"), _dir.File("mask.png")), (job.ImagePath, job.MaskPath));
        Assert.Null(job.AspectRatio);
        Assert.Null(job.Size);
        Assert.Equal(job.Id, idFromFiles);
        Assert.NotEqual(job.Id, withoutInputs);
        Assert.Empty(plan.Jobs.Select(j => j.Id).Intersect(edited.Jobs.Select(j => j.Id)));
    }

    [Fact]
    public void Expand_MatrixOverAMillionJobs_IsRefusedBeforeEnumerating()
    {
        var values = string.Join(", ", Enumerable.Range(0, 1000).Select(i => $"v{i}"));
        var manifest = SomeManifest.Parse(SomeManifest.With(
            ("  prompts:\n", $"  vars:\n    a: [{values}]\n  prompts:\n"),
            ("text: A matte black kettle", "text: A {a} kettle"),
            (Seeds, "  seeds: {count: 200}")));

        var error = Assert.Single(Assert.Throws<ManifestException>(() => Planner.Expand(manifest)).Errors);

        Assert.Equal("matrix", error.Path);
        Assert.Contains("expands to 1,201,200 jobs; a plan may hold at most 1,000,000", error.Message, StringComparison.Ordinal);
    }

    private static Plan Expand(params (string Old, string New)[] edits) => Planner.Expand(SomeManifest.Parse(SomeManifest.With(edits)));

    public void Dispose() => _dir.Dispose();
}
