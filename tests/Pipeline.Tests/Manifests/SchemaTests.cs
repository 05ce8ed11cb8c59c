using Newtonsoft.Json.Linq;
using NJsonSchema;
using Pipeline.Manifests;
using Pipeline.Planning;
using Pipeline.Providers;
using Pipeline.Providers.Catalog;
using Pipeline.Tests.Support;
using Pipeline.Domain;

using Pipeline.Manifests.Reading;

namespace Pipeline.Tests.Manifests;

/// <summary>
/// <c>schemas/campaign.schema.json</c> against the loader: every example is valid for both; every malformed
/// manifest the schema can judge is invalid for both. "Loader" means what <c>pipeline validate</c> does: load and plan.
/// </summary>
public sealed class SchemaTests : IDisposable
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromJsonAsync(File.ReadAllText(Path.Combine(Repo.Root, "schemas", "campaign.schema.json"))).GetAwaiter().GetResult());

    private readonly TempDirectory _dir = new();

    public static TheoryData<string> Examples() =>
        [.. Directory.GetFiles(Path.Combine(Repo.Root, "manifests"), "*.yaml").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_IsValidForSchemaAndLoader(string name)
    {
        var path = Repo.Manifest(name);
        var yaml = File.ReadAllText(path);

        Assert.Empty(SchemaErrors(yaml));
        Assert.NotEmpty(Planner.Expand(new ManifestLoader().Load(path)).Jobs);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_CarriesTheSchemaModeline(string name)
    {
        var first = File.ReadLines(Repo.Manifest(name)).First();

        Assert.Equal("# yaml-language-server: $schema=../schemas/campaign.schema.json", first);
    }

    [Theory]
    [MemberData(nameof(MalformedManifests.SchemaNames), MemberType = typeof(MalformedManifests))]
    public void Malformed_IsInvalidForSchemaAndLoader(string name)
    {
        var manifest = MalformedManifests.Get(name);
        var path = manifest.WriteTo(_dir);

        Assert.NotEmpty(SchemaErrors(manifest.Yaml));
        Assert.ThrowsAny<ManifestException>(() => Planner.Expand(new ManifestLoader().Load(path)));
    }

    public static TheoryData<string> ValidVariants() =>
    [
        "valid", "base-model", "sized", "plain-prompts", "random-seeds", "seed-range", "strength-range", "finetune-ids",
        "prompt-overrides", "vars-include-exclude", "zip", "every-prompt-has-its-finetune", "fal-safety-one",
        "hyphenated-model-id", "cometapi-responses", "any-ratio-in-bfls-range",
    ];

    [Theory]
    [MemberData(nameof(ValidVariants))]
    public void ValidVariant_IsValidForSchemaAndLoader(string name)
    {
        var yaml = name switch
        {
            "valid" => SomeManifest.Valid,
            "base-model" => SomeManifest.BaseModel(),
            "sized" => SomeManifest.Sized("[1024x768, 1440x256]"),
            "plain-prompts" => SomeManifest.With(("    - id: kitchen\n      text: A bright kitchen\n", "    - A bright kitchen\n    - \"Hello, {{World}}\"\n")),
            "random-seeds" => SomeManifest.With(("seeds: [11, 12]", "seeds: {random: 3}")),
            "seed-range" => SomeManifest.With(("seeds: [11, 12]", "seeds: {count: 3}")),
            "strength-range" => SomeManifest.With(("[0.8, 1.0, 1.2]", "{from: 0, to: 2, step: 0.25}")),
            "finetune-ids" => SomeManifest.With(("finetune_id: acme-brand-v3\n", string.Empty), ("  seeds:", "  finetune_ids: [v3, v4]\n  seeds:")),
            "prompt-overrides" => SomeManifest.With(("      text: A bright kitchen\n", "      text: A bright kitchen\n      finetune_id: v9\n      finetune_strengths: {from: 1, to: 1.5, step: 0.5}\n      aspect_ratios: [\"9:21\"]\n")),
            "vars-include-exclude" => SomeManifest.With(
                ("  prompts:\n", "  vars:\n    color: [red, 2024, true]\n  prompts:\n"),
                ("text: A matte black kettle", "text: A {color} kettle"),
                ("  seeds: [11, 12]", "  seeds: [11, 12]\n  exclude: [{color: red, seed: 11}]\n  include: [{prompt: kettle-hero, color: green, finetune_strength: 2, seed: 1, aspect_ratio: \"1:1\"}]")),
            "zip" => SomeManifest.With(("[0.8, 1.0, 1.2]", "[0.8, 1.0]"), ("  seeds: [11, 12]", "  seeds: [11, 12]\n  zip: [[finetune_strengths, seeds]]")),
            "every-prompt-has-its-finetune" => SomeManifest.With(
                ("finetune_id: acme-brand-v3\n", string.Empty),
                ("      text: A matte black kettle\n", "      text: A matte black kettle\n      finetune_id: v3\n"),
                ("      text: A bright kitchen\n", "      text: A bright kitchen\n      finetune_id: v4\n")),
            "hyphenated-model-id" => SomeManifest.With(("model: flux-pro-1.1-ultra-finetuned", "model: flux-pro-1-1-ultra-finetuned")),
            "cometapi-responses" => SomeManifest.With(("provider: sandbox", "provider: cometapi-responses")),
            "any-ratio-in-bfls-range" => SomeManifest.With(("[\"16:9\", \"1:1\"]", "[\"4:5\", 5:4, \"42:18\", \"9:21\"]")),
            "fal-safety-one" => SomeManifest.With(("provider: sandbox", "provider: fal"), ("safety_tolerance: 2", "safety_tolerance: 1")),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        Assert.Empty(SchemaErrors(yaml));
        Assert.NotEmpty(Planner.Expand(SomeManifest.Parse(yaml)).Jobs);
    }

    [Fact]
    public void Schema_Enums_AreTheCatalogs()
    {
        var properties = Schema.Value.Properties;

        Assert.Equal(ProviderCatalog.Names, properties["provider"].Enumeration.Cast<string>());
        Assert.Equal(ModelCatalog.Models.Keys.Concat(ModelCatalog.Aliases.Keys).Order(StringComparer.Ordinal), properties["model"].Enumeration.Cast<string>().Order(StringComparer.Ordinal));
        Assert.Equal(ModelCatalog.UltraSizes.Select(s => s.Key), Schema.Value.Definitions["aspectRatio"].AnyOf.First().Enumeration.Cast<string>());
    }

    [Theory]
    [InlineData("4:5", true)]
    [InlineData("42:18", true)]
    [InlineData("9999:1", true)]
    [InlineData("4x5", false)]
    [InlineData("0:1", false)]
    [InlineData("16:09", false)]
    [InlineData("10000:1", false)]
    [InlineData("abc", false)]
    [InlineData("4:5:6", false)]
    public void Schema_AspectRatioPattern_AgreesWithTheLoader(string ratio, bool wellFormed)
    {
        var yaml = SomeManifest.With(("[\"16:9\", \"1:1\"]", $"[\"16:9\", \"{ratio}\"]"));

        Assert.Equal(wellFormed, SchemaErrors(yaml).Count == 0);
        Assert.Equal(wellFormed, Ratio.TryParse(ratio, out _));
        Assert.Equal(wellFormed, Record.Exception(() => SomeManifest.Parse(yaml)) is null);
    }

    /// <summary>The schema's errors for <paramref name="yaml"/>; a YAML error (duplicate key, syntax) is one too, as in an editor.</summary>
    private static IReadOnlyList<string> SchemaErrors(string yaml)
    {
        JToken json;
        try
        {
            json = YamlJson.Convert(yaml);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            return [e.Message];
        }

        return [.. Schema.Value.Validate(json).Select(e => e.ToString())];
    }

    public void Dispose() => _dir.Dispose();
}
