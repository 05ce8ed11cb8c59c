using System.Globalization;
using System.Security.Cryptography;
using Pipeline.Manifests;
using Pipeline.Tests.Support;
using Pipeline.Domain;

using Pipeline.Manifests.Reading;

namespace Pipeline.Tests.Manifests;

/// <summary>Each axis form the loader reads: what a valid one gives.</summary>
public sealed class AxisFormTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Parse_RandomSeeds_RecordsTheCountForThePlanner()
    {
        var manifest = SomeManifest.Parse(SomeManifest.With(("seeds: [11, 12]", "seeds: {random: 4}")));

        Assert.Equal(4, manifest.Matrix.RandomSeedCount);
        Assert.Empty(manifest.Matrix.Seeds);
    }

    [Fact]
    public void Parse_FinetuneIds_AreAnAxisInsteadOfFinetuneId()
    {
        var manifest = SomeManifest.Parse(SomeManifest.With(("finetune_id: acme-brand-v3\n", string.Empty), ("  seeds:", "  finetune_ids: [acme-v3, acme-v4]\n  seeds:")));

        Assert.Null(manifest.FinetuneId);
        Assert.Equal(["acme-v3", "acme-v4"], manifest.Matrix.FinetuneIds);
    }

    [Fact]
    public void Parse_PromptOverrides_AreReadPerPrompt()
    {
        var manifest = SomeManifest.Parse(SomeManifest.With((
            "      text: A bright kitchen\n",
            "      text: A bright kitchen\n      finetune_id: acme-v9\n      finetune_strengths: {from: 1, to: 1.5, step: 0.25}\n      aspect_ratios: [\"9:21\"]\n")));

        var (plain, overridden) = (manifest.Matrix.Prompts[0], manifest.Matrix.Prompts[1]);
        Assert.Null(plain.FinetuneId);
        Assert.Null(plain.FinetuneStrengths);
        Assert.Equal("acme-v9", overridden.FinetuneId);
        Assert.Equal(["1", "1.25", "1.5"], overridden.FinetuneStrengths!.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(["9:21"], overridden.AspectRatios);
    }

    [Fact]
    public void Parse_EveryPromptOverridesStrengths_MatrixStrengthsMayBeLeftOut()
    {
        var yaml = SomeManifest.With(
            ("  finetune_strengths: [0.8, 1.0, 1.2]\n", string.Empty),
            ("      text: A matte black kettle\n", "      text: A matte black kettle\n      finetune_strengths: [1]\n"),
            ("      text: A bright kitchen\n", "      text: A bright kitchen\n      finetune_strengths: [2]\n"));

        Assert.Empty(SomeManifest.Parse(yaml).Matrix.FinetuneStrengths);
    }

    [Fact]
    public void Parse_Vars_KeepTheirOrderAndPromptsKnowWhichTheyUse()
    {
        var manifest = SomeManifest.Parse(SomeManifest.With(
            ("  prompts:\n", "  vars:\n    room: [kitchen, studio]\n    year: [2024, 2025]\n  prompts:\n"),
            ("text: A matte black kettle", "text: A {year} kettle in a {room}, {{not a var}}")));

        Assert.Equal([new PromptVariable("room", ["kitchen", "studio"]), new PromptVariable("year", ["2024", "2025"])], manifest.Matrix.Vars, new VariableComparer());
        Assert.Equal(["room", "year"], manifest.Matrix.Prompts[0].Uses);
        Assert.Empty(manifest.Matrix.Prompts[1].Uses);
    }

    [Fact]
    public void Parse_Zip_KeepsTheGroups()
    {
        var manifest = SomeManifest.Parse(SomeManifest.With(("[0.8, 1.0, 1.2]", "[0.8, 1.0]"), ("  seeds: [11, 12]", "  seeds: [11, 12]\n  zip: [[finetune_strengths, seeds]]")));

        var group = Assert.Single(manifest.Matrix.Zip);
        Assert.Equal(["finetune_strengths", "seeds"], group);
    }

    [Fact]
    public void Parse_IncludeAndExcludeWithVarsAndFinetune_AreRead()
    {
        var manifest = SomeManifest.Parse(SomeManifest.With(
            ("  prompts:\n", "  vars:\n    color: [red, blue]\n  prompts:\n"),
            ("text: A matte black kettle", "text: A {color} kettle"),
            ("  seeds: [11, 12]", "  seeds: [11, 12]\n  exclude: [{color: red, finetune_id: acme-brand-v3}]\n  include: [{prompt: kettle-hero, color: green, finetune_strength: 1, seed: 5, aspect_ratio: \"1:1\"}]")));

        var exclude = Assert.Single(manifest.Matrix.Exclude);
        Assert.Equal("acme-brand-v3", exclude.FinetuneId);
        Assert.Equal("red", exclude.Vars["color"]);
        Assert.Equal("green", Assert.Single(manifest.Matrix.Include).Vars["color"]);
    }

    [Fact]
    public void Load_FillManifest_ReadsImageAndMaskRelativeToTheManifest()
    {
        var png = TestImages.Png(512, 512);
        Directory.CreateDirectory(_dir.File("inputs"));
        File.WriteAllBytes(_dir.File("inputs/kettle.png"), png);
        File.WriteAllBytes(_dir.File("inputs/mask.jpg"), TestImages.Jpeg(512, 512));
        var path = _dir.Write("fill.yaml", Fill("image: inputs/kettle.png\nmask: inputs/mask.jpg\n"));

        var manifest = new ManifestLoader().Load(path);

        Assert.Equal(_dir.File("inputs/kettle.png"), manifest.Image!.Path);
        Assert.Equal("inputs/kettle.png", manifest.Image.Written);
        Assert.Equal(new ImageSize(512, 512), manifest.Image.Size);
        Assert.Equal("png", manifest.Image.Format);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(png)), manifest.Image.Sha256);
        Assert.Equal("jpeg", manifest.Mask!.Format);
    }

    [Fact]
    public void Load_FillManifestWithoutMask_IsValid()
    {
        File.WriteAllBytes(_dir.File("kettle.png"), TestImages.Png(256, 256));

        var manifest = new ManifestLoader().Load(_dir.Write("fill.yaml", Fill("image: kettle.png\n")));

        Assert.Null(manifest.Mask);
    }

    [Fact]
    public void Parse_Strings_QuotedNumbersAreTextAndPlainTextStaysText()
    {
        var manifest = SomeManifest.Parse(SomeManifest.With(("finetune_id: acme-brand-v3", "finetune_id: \"12345\""), ("- id: kitchen", "- id: \"2024\"")));

        Assert.Equal("12345", manifest.FinetuneId);
        Assert.Equal("2024", manifest.Matrix.Prompts[1].Id);
    }

    internal static string Fill(string inputs) => SomeManifest.With(
        ("model: flux-pro-1.1-ultra-finetuned", "model: flux-pro-1.0-fill-finetuned"),
        ("finetune_id: acme-brand-v3\n", "finetune_id: acme-brand-v3\n" + inputs),
        ("  aspect_ratios: [\"16:9\", \"1:1\"]\n", string.Empty));

    public void Dispose() => _dir.Dispose();

    private sealed class VariableComparer : IEqualityComparer<PromptVariable>
    {
        public bool Equals(PromptVariable? x, PromptVariable? y) => x?.Name == y?.Name && x!.Values.SequenceEqual(y!.Values);

        public int GetHashCode(PromptVariable obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
