namespace Pipeline.Tests.Support;

/// <summary>A strength sweep: one prompt, strengths 0–2 in steps of 0.25 (9), four seeds, aspect 1:1: 36 jobs.</summary>
public static class SweepManifest
{
    public static readonly string[] Strengths = ["0", "0.25", "0.5", "0.75", "1", "1.25", "1.5", "1.75", "2"];

    public static readonly long[] Seeds = [1000, 1001, 1002, 1003];

    public const string Yaml = """
        version: 1
        campaign: strength-sweep
        provider: sandbox
        model: flux-pro-1.1-ultra-finetuned
        finetune_id: acme-brand-v3
        matrix:
          prompts:
            - id: kettle-hero
              text: A matte black ACME kettle on a white marble counter, soft morning light, product hero shot
          finetune_strengths: {from: 0.0, to: 2.0, step: 0.25}
          seeds: {count: 4, start: 1000}
          aspect_ratios: ["1:1"]
        params: {output_format: jpeg, safety_tolerance: 2}
        limits: {concurrency: 12, max_cost_usd: 5}
        verify: {nsfw: fail, formats: [jpeg]}
        """;
}
