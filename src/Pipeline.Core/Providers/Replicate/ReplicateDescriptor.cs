using static Pipeline.Providers.ParamSpecs;

namespace Pipeline.Providers.Replicate;

/// <summary>Replicate's predictions API (docs/providers.md#replicate).</summary>
internal static class ReplicateDescriptor
{
    /// <summary>Replicate's Ultra enum, exactly (docs/providers.md#replicate-model-inputs).</summary>
    private static readonly AcceptedRatios ReplicateRatios = AcceptedRatios.OneOf(["21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16", "9:21"]);

    public static ProviderDescriptor Descriptor { get; } = new(ReplicateRequest.Provider, ReplicateRequest.Map, (job, readFiles) => ReplicateRequest.Build(job, readFiles: readFiles))
    {
        KeyVariable = "REPLICATE_API_TOKEN",
        DefaultBaseUrl = ReplicateProvider.DefaultBaseUrl,
        Limits = new(null, 600), // 600 prediction creates per minute (docs/providers.md#replicate-limits-and-retention); predictions queue, no active cap
        Timeout = ReplicateProvider.PreferWait + TimeSpan.FromSeconds(30), // Prefer: wait holds a create open
        Capabilities = [.. Capabilities()],
        Gaps = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["flux-pro-1.0-fill-finetuned"] = "Replicate has no fill model (docs/providers.md#replicate)",
        },
        Create = (http, key) => new ReplicateProvider(http, key),
    };

    // safety_tolerance 1–6, output_format jpg|png, guidance 2–5 on flux-pro-finetuned (docs/providers.md#replicate-model-inputs).
    private static IEnumerable<ModelCapability> Capabilities()
    {
        yield return new("replicate", "flux-pro-1.1-ultra", "black-forest-labs/flux-1.1-pro-ultra", null, ReplicateRatios, false, false, Presence.None,
            [OutputFormat("jpg"), Safety(1), ImagePromptStrength(), Raw()]);
        yield return new("replicate", "flux-pro-1.1-ultra-finetuned", "black-forest-labs/flux-1.1-pro-ultra-finetuned", Strength, ReplicateRatios, false, false, Presence.None,
            [OutputFormat("jpg"), Safety(1), ImagePromptStrength()]);
        yield return new("replicate", "flux-pro-finetuned", "black-forest-labs/flux-pro-finetuned", Strength, AcceptedRatios.None, true, false, Presence.None,
            [OutputFormat("jpg"), Safety(1), Upsampling(), Steps(1), Guidance(2, 5)]);
    }
}
