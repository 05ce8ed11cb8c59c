using static Pipeline.Providers.ParamSpecs;

namespace Pipeline.Providers.OpenAi;

/// <summary>OpenAI-compatible image gateways (docs/providers.md#openai-compatible-images).</summary>
internal static class OpenAiDescriptor
{
    // The gateway gets size WxH, which decides the shape and scale at Lumenfall: only the nine table ratios have one
    // (docs/providers.md#accepted-aspect-ratios).
    // Declared before Descriptor: static initializers run in text order.
    private static readonly AcceptedRatios GatewayRatios = AcceptedRatios.OneOf(Nine) with { Note = "the gateway is sent size WxH, published for these nine only" };

    public static ProviderDescriptor Descriptor { get; } = new(OpenAiRequest.Provider, OpenAiRequest.Map, (job, readFiles) => OpenAiRequest.Build(job, readFiles: readFiles))
    {
        KeyVariable = "OPENAI_API_KEY",
        BaseUrlVariable = "OPENAI_BASE_URL",
        MissingBaseUrl = "provider 'openai' needs OPENAI_BASE_URL (or --base-url), e.g. https://api.lumenfall.ai/openai/v1; there is no default gateway.",
        VersionedBaseUrl = true,
        Limits = ProviderLimits.None, // gateways publish none; 429s are followed (AIMD)
        Timeout = TimeSpan.FromMinutes(3), // a synchronous images call returns only when the image is rendered (FLUX Ultra: tens of seconds)
        Capabilities = [.. Capabilities()],
        Gaps = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["flux-pro-1.0-fill-finetuned"] = "the OpenAI images API (images/generations) takes no input image or mask, so it cannot fill (docs/providers.md#openai-compatible-images)",
        },
        Create = (http, key) => new OpenAiProvider(http, key),
    };

    // Size WxH from the ratio or the job's size, FLUX fields passed through with BFL's names and ranges (Lumenfall labels
    // provider-specific fields and passes them on). Lumenfall itself lists the base Ultra only (as flux1.1-pro-ultra);
    // finetuned models go by BFL's name for gateways that serve them (docs/providers.md#openai-images-gateways).
    private static IEnumerable<ModelCapability> Capabilities()
    {
        yield return new("openai", "flux-pro-1.1-ultra", "flux1.1-pro-ultra", null, GatewayRatios, false, false, Presence.None,
            [OutputFormat(), Safety(0), Upsampling(), ImagePromptStrength(), Raw()]);
        yield return new("openai", "flux-pro-1.1-ultra-finetuned", "flux-pro-1.1-ultra-finetuned", Strength, GatewayRatios, false, false, Presence.None,
            [OutputFormat(), Safety(0), Upsampling(), ImagePromptStrength()]);
        yield return new("openai", "flux-pro-finetuned", "flux-pro-finetuned", Strength, AcceptedRatios.None, true, false, Presence.None,
            [OutputFormat(), Safety(0), Upsampling(), Steps(1), Guidance(1.5m, 5)]);
    }
}
