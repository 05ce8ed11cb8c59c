namespace Pipeline.Tests.Support;

/// <summary>Small manifests for engine tests (the example campaign lives in <c>manifests/</c>).</summary>
public static class TestManifests
{
    public static string Ultra(string campaign, string[] prompts, string strengths = "[1.0]", string seeds = "[1]", string ratios = "[\"1:1\"]", string limits = "{concurrency: 4}", string verify = "{nsfw: fail}") => $"""
        version: 1
        campaign: {campaign}
        provider: sandbox
        model: flux-pro-1.1-ultra-finetuned
        finetune_id: acme-brand-v3
        matrix:
          prompts:
        {string.Join("\n", prompts.Select((p, i) => $"    - id: p{i}\n      text: \"{p}\""))}
          finetune_strengths: {strengths}
          seeds: {seeds}
          aspect_ratios: {ratios}
        params: {"{output_format: jpeg, safety_tolerance: 2}"}
        limits: {limits}
        verify: {verify}
        """;

    /// <summary>Small, fast renders: <c>flux-pro-finetuned</c> at 256×256, <paramref name="prompts"/> × <paramref name="seeds"/> jobs.</summary>
    public static string Small(string campaign, int prompts, int seeds, string limits = "{concurrency: 8}", string provider = "sandbox") => $"""
        version: 1
        campaign: {campaign}
        provider: {provider}
        model: flux-pro-finetuned
        finetune_id: acme-brand-v3
        matrix:
          prompts:
        {string.Join("\n", Enumerable.Range(0, prompts).Select(i => $"    - id: p{i}\n      text: \"kettle number {i}\""))}
          finetune_strengths: [1.0]
          seeds: {"{"}count: {seeds}, start: 1{"}"}
          sizes: ["256x256"]
        params: {"{output_format: png, safety_tolerance: 2}"}
        limits: {limits}
        """;
}
