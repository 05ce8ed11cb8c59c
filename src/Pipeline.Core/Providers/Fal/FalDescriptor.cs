using static Pipeline.Providers.ParamSpecs;

namespace Pipeline.Providers.Fal;

/// <summary>fal.ai's queue API (docs/providers.md#fal).</summary>
internal static class FalDescriptor
{
    // fal's enum lists the nine; its generated type adds "or string", but nothing says other ratios render, and a
    // refused request may be billed (docs/providers.md#accepted-aspect-ratios).
    // Declared before Descriptor: static initializers run in text order.
    private static readonly AcceptedRatios FalRatios = AcceptedRatios.OneOf(Nine) with { Note = "fal documents these nine; other ratios are refused, since a refused request may be billed" };

    public static ProviderDescriptor Descriptor { get; } = new(FalRequest.Provider, FalRequest.Map, (job, readFiles) => FalRequest.Build(job, readFiles))
    {
        KeyVariable = "FAL_KEY",
        DefaultBaseUrl = FalProvider.DefaultBaseUrl,
        Limits = ProviderLimits.None, // over-limit requests wait IN_QUEUE, never rejected (docs/providers.md#fal-errors-and-limits): no cap to model
        Capabilities = [.. Capabilities()],
        Gaps = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["flux-pro-finetuned"] = "fal has no FLUX.1 [pro] finetuned endpoint, only v1.1-ultra-finetuned and v1/fill-finetuned (docs/providers.md#fal)",
        },
        Create = (http, key) => new FalProvider(http, key),
    };

    // safety_tolerance is the string "1"–"6" on the wire, prompt_upsampling is enhance_prompt (docs/providers.md#fal-request-fields, docs/providers.md#pitfall-moderation).
    private static IEnumerable<ModelCapability> Capabilities()
    {
        yield return new("fal", "flux-pro-1.1-ultra", "fal-ai/flux-pro/v1.1-ultra", null, FalRatios, false, false, Presence.None,
            [OutputFormat(), Safety(1), Upsampling("enhance_prompt"), ImagePromptStrength(), Raw()]);
        yield return new("fal", "flux-pro-1.1-ultra-finetuned", "fal-ai/flux-pro/v1.1-ultra-finetuned", Strength, FalRatios, false, false, Presence.None,
            [OutputFormat(), Safety(1), Upsampling("enhance_prompt"), ImagePromptStrength()]);
        yield return new("fal", "flux-pro-1.0-fill-finetuned", "fal-ai/flux-pro/v1/fill-finetuned", Strength, AcceptedRatios.None, false, true, Presence.Required,
            [OutputFormat(), Safety(1)]);
    }
}
