using static Pipeline.Providers.ParamSpecs;

namespace Pipeline.Providers.Bfl;

/// <summary>Black Forest Labs' own API (docs/providers.md#bfl), and the BFL rows other hosts of its protocol reuse.</summary>
public static class BflDescriptor
{
    public const string Name = "bfl";

    // Declared before Descriptor: static initializers run in text order.
    /// <summary>24 active tasks for standard models (the skills guide, docs/providers.md#bfl-errors-and-limits); hosts of BFL's protocol inherit it.</summary>
    public static ProviderLimits ActiveTaskCap { get; } = new(24, null);

    public static ProviderDescriptor Descriptor { get; } = new(Name, model => BflRequest.Map(Name, model), (job, readFiles) => BflRequest.Build(Name, job, readFiles))
    {
        KeyVariable = "BFL_API_KEY",
        BaseUrlVariable = "BFL_BASE_URL",
        DefaultBaseUrl = BflProvider.DefaultBaseUrl,
        Limits = ActiveTaskCap,
        Capabilities = [.. Capabilities(Name, "/v1/")],
        Create = (http, key) => new BflProvider(http, key, Name),
    };

    /// <summary>BFL's capability rows under <paramref name="provider"/>'s name, with its path prefix (docs/providers.md#bfl-request-fields).</summary>
    /// <param name="baseUltra">Whether the host serves the base <c>flux-pro-1.1-ultra</c>.</param>
    public static IEnumerable<ModelCapability> Capabilities(string provider, string prefix, bool baseUltra = true)
    {
        if (baseUltra)
        {
            yield return new(provider, "flux-pro-1.1-ultra", prefix + "flux-pro-1.1-ultra", null, BflRange, false, false, Presence.None,
                [OutputFormat(), Safety(0), Upsampling(), ImagePromptStrength(), Raw()]);
        }

        yield return new(provider, "flux-pro-1.1-ultra-finetuned", prefix + "flux-pro-1.1-ultra-finetuned", Strength, BflRange, false, false, Presence.None,
            [OutputFormat(), Safety(0), Upsampling(), ImagePromptStrength()]);
        yield return new(provider, "flux-pro-finetuned", prefix + "flux-pro-finetuned", Strength, AcceptedRatios.None, true, false, Presence.None,
            [OutputFormat(), Safety(0), Upsampling(), Steps(1), Guidance(1.5m, 5)]);
        yield return new(provider, "flux-pro-1.0-fill-finetuned", prefix + "flux-pro-1.0-fill-finetuned", Strength, AcceptedRatios.None, false, true, Presence.Optional,
            [OutputFormat(), Safety(0), Upsampling(), Steps(15), Guidance(1.5m, 100)]);
    }
}
