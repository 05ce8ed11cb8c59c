namespace Pipeline.Tests.Verification;

/// <summary>A 256×256 campaign whose prompts carry the sandbox's download-fault markers, one job per prompt.</summary>
internal static class FaultCampaign
{
    /// <summary>Prompt id → marker (empty for a clean render).</summary>
    public static readonly (string Id, string Marker)[] JpegPrompts =
    [
        ("clean", string.Empty),
        ("corrupt", "[sandbox:corrupt-scan]"),
        ("truncated", "[sandbox:truncated-scan]"),
        ("junk", "[sandbox:junk-scan]"),
        ("black", "[sandbox:black-image]"),
        ("white", "[sandbox:white-image]"),
        ("trailing", "[sandbox:trailing-bytes]"),
        ("html", "[sandbox:html-body]"),
        ("empty", "[sandbox:empty-body]"),
    ];

    public static string Manifest(string campaign, (string Id, string Marker)[] prompts, string format = "jpeg", string verify = "{nsfw: fail}") => $"""
        version: 1
        campaign: {campaign}
        provider: sandbox
        model: flux-pro-finetuned
        finetune_id: acme-brand-v3
        matrix:
          prompts:
        {string.Join("\n", prompts.Select(p => $"    - id: {p.Id}\n      text: \"kettle {p.Marker}\""))}
          finetune_strengths: [1.0]
          seeds: [1]
          sizes: ["256x256"]
        params: {"{"}output_format: {format}, safety_tolerance: 2{"}"}
        limits: {"{concurrency: 4}"}
        verify: {verify}
        """;
}
