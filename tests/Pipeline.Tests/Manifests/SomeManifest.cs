using Pipeline.Manifests;

using Pipeline.Manifests.Reading;

namespace Pipeline.Tests.Manifests;

/// <summary>Manifest texts for tests. Line numbers in <see cref="Valid"/> are what error tests assert.</summary>
internal static class SomeManifest
{
    public const string File = "campaign.yaml";

    /// <summary>A valid 24-job Ultra-finetuned manifest; line 1 is a comment, so the top mapping starts at 2:1.</summary>
    public const string Valid = """
        # yaml-language-server: $schema=../schemas/campaign.schema.json
        version: 1
        campaign: acme-spring
        provider: sandbox
        model: flux-pro-1.1-ultra-finetuned
        finetune_id: acme-brand-v3
        matrix:
          prompts:
            - id: kettle-hero
              text: A matte black kettle
            - id: kitchen
              text: A bright kitchen
          finetune_strengths: [0.8, 1.0, 1.2]
          seeds: [11, 12]
          aspect_ratios: ["16:9", "1:1"]
        params: {output_format: jpeg, safety_tolerance: 2}
        limits: {concurrency: 8, requests_per_minute: 120, max_cost_usd: 5, max_attempts: 4}
        verify: {nsfw: fail, formats: [jpeg]}

        """;

    /// <summary><see cref="Valid"/> with each (old, new) pair replaced; fails if an old text is absent.</summary>
    public static string With(params (string Old, string New)[] edits)
    {
        var text = Valid;
        foreach (var (old, replacement) in edits)
        {
            Assert.Contains(old, text, StringComparison.Ordinal);
            text = text.Replace(old, replacement, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>A base-model (no finetune) manifest.</summary>
    public static string BaseModel() => With(
        ("model: flux-pro-1.1-ultra-finetuned", "model: flux-pro-1.1-ultra"),
        ("finetune_id: acme-brand-v3\n", string.Empty),
        ("  finetune_strengths: [0.8, 1.0, 1.2]\n", string.Empty));

    /// <summary>A flux-pro-finetuned (sized) manifest.</summary>
    public static string Sized(string sizes = "[\"1024x768\"]") => With(
        ("model: flux-pro-1.1-ultra-finetuned", "model: flux-pro-finetuned"),
        ("  aspect_ratios: [\"16:9\", \"1:1\"]", $"  sizes: {sizes}"));

    public static CampaignManifest Parse(string yaml) => new ManifestLoader().Parse(yaml, File);

    /// <summary>The errors loading <paramref name="yaml"/> reports (fails if it loads).</summary>
    public static IReadOnlyList<ManifestError> Errors(string yaml) =>
        Assert.Throws<ManifestException>(() => Parse(yaml)).Errors;

    /// <summary>The only error loading <paramref name="yaml"/> reports.</summary>
    public static ManifestError SingleError(string yaml) => Assert.Single(Errors(yaml));
}
