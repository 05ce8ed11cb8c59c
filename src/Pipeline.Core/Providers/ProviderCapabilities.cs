using System.Collections.Frozen;

namespace Pipeline.Providers;

/// <summary>
/// The capability table: for each provider and model, the endpoint and the fields a request must and may carry
/// (BFL docs/providers.md#bfl-request-fields, fal docs/providers.md#fal-request-fields, Replicate docs/providers.md#replicate-model-inputs, gateways docs/providers.md#openai-images-gateways). Plans are checked against it before
/// the first paid call (<c>Planning.PlanValidator</c>); adapters map fields with it.
/// A field a host does not document is refused rather than sent and hoped for.
/// </summary>
/// <remarks>
/// Replicate takes <c>5:4</c> and <c>4:5</c> too, and the table says so; but no output size is published for them
/// (docs/providers.md#output-sizes-ultra), so the verifier could not check their pixels and the manifest language does not offer them.
/// </remarks>
public sealed class ProviderCapabilities
{
    // Declared before Default: static initializers run in text order.
    private static readonly string[] NineRatios = ["21:9", "16:9", "4:3", "3:2", "1:1", "2:3", "3:4", "9:16", "9:21"];
    private static readonly string[] ReplicateRatios = ["21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16", "9:21"];
    private static readonly string[] Formats = ["jpeg", "png"];
    private static readonly NumberRange Strength = new(0m, 2m);

    private readonly FrozenDictionary<(string Provider, string Model), ModelCapability> _byKey;
    private readonly FrozenDictionary<(string Provider, string Model), string> _gaps;

    public ProviderCapabilities(IEnumerable<ModelCapability> capabilities, IReadOnlyDictionary<(string Provider, string Model), string> gaps)
    {
        _byKey = capabilities.ToFrozenDictionary(c => (c.Provider, c.Model));
        _gaps = gaps.ToFrozenDictionary();
    }

    /// <summary>The table of this version (docs/providers.md).</summary>
    public static ProviderCapabilities Default { get; } = new(Table(), Gaps());

    /// <summary>The capability, or null when <paramref name="provider"/> does not serve <paramref name="model"/>.</summary>
    public ModelCapability? Find(string provider, string model) => _byKey.GetValueOrDefault((provider, model));

    /// <summary>Why <paramref name="provider"/> does not serve <paramref name="model"/>, when known.</summary>
    public string? Gap(string provider, string model) => _gaps.GetValueOrDefault((provider, model));

    /// <summary>The models <paramref name="provider"/> serves, by name.</summary>
    public IReadOnlyList<string> ModelsOf(string provider) =>
        [.. _byKey.Keys.Where(k => k.Provider == provider).Select(k => k.Model).Order(StringComparer.Ordinal)];

    private static ParamSpec OutputFormat(string? wire = null) => new("output_format", ParamKind.Choice, Choices: Formats, WireName: wire);

    private static ParamSpec Safety(int min) => new("safety_tolerance", ParamKind.WholeNumber, min, 6);

    private static ParamSpec Upsampling(string? wire = null) => new("prompt_upsampling", ParamKind.Flag, WireName: wire);

    private static ParamSpec ImagePromptStrength() => new("image_prompt_strength", ParamKind.Number, 0, 1);

    private static ParamSpec Raw() => new("raw", ParamKind.Flag);

    private static ParamSpec Steps(int min) => new("steps", ParamKind.WholeNumber, min, 50);

    private static ParamSpec Guidance(decimal min, decimal max) => new("guidance", ParamKind.Number, min, max);

    private static IEnumerable<ModelCapability> Table()
    {
        // BFL's own API, and the hosts that speak it: the sandbox and CometAPI's pass-through (docs/providers.md#bfl-request-fields, docs/providers.md#cometapi-bfl-pass-through).
        foreach (var (provider, prefix) in new[] { ("bfl", "/v1/"), ("sandbox", "/v1/"), ("cometapi", "/flux/v1/") })
        {
            if (provider != "cometapi")
            {
                yield return new(provider, "flux-pro-1.1-ultra", prefix + "flux-pro-1.1-ultra", null, NineRatios, false, false, Presence.None,
                    [OutputFormat(), Safety(0), Upsampling(), ImagePromptStrength(), Raw()]);
            }

            yield return new(provider, "flux-pro-1.1-ultra-finetuned", prefix + "flux-pro-1.1-ultra-finetuned", Strength, NineRatios, false, false, Presence.None,
                [OutputFormat(), Safety(0), Upsampling(), ImagePromptStrength()]);
            yield return new(provider, "flux-pro-finetuned", prefix + "flux-pro-finetuned", Strength, [], true, false, Presence.None,
                [OutputFormat(), Safety(0), Upsampling(), Steps(1), Guidance(1.5m, 5)]);
            yield return new(provider, "flux-pro-1.0-fill-finetuned", prefix + "flux-pro-1.0-fill-finetuned", Strength, [], false, true, Presence.Optional,
                [OutputFormat(), Safety(0), Upsampling(), Steps(15), Guidance(1.5m, 100)]);
        }

        // fal: safety_tolerance is the string "1"–"6" on the wire, prompt_upsampling is enhance_prompt (docs/providers.md#fal-request-fields, docs/providers.md#pitfall-moderation).
        yield return new("fal", "flux-pro-1.1-ultra", "fal-ai/flux-pro/v1.1-ultra", null, NineRatios, false, false, Presence.None,
            [OutputFormat(), Safety(1), Upsampling("enhance_prompt"), ImagePromptStrength(), Raw()]);
        yield return new("fal", "flux-pro-1.1-ultra-finetuned", "fal-ai/flux-pro/v1.1-ultra-finetuned", Strength, NineRatios, false, false, Presence.None,
            [OutputFormat(), Safety(1), Upsampling("enhance_prompt"), ImagePromptStrength()]);
        yield return new("fal", "flux-pro-1.0-fill-finetuned", "fal-ai/flux-pro/v1/fill-finetuned", Strength, [], false, true, Presence.Required,
            [OutputFormat(), Safety(1)]);

        // Replicate: safety_tolerance 1–6, output_format jpg|png, guidance 2–5 on flux-pro-finetuned (docs/providers.md#replicate-model-inputs).
        yield return new("replicate", "flux-pro-1.1-ultra", "black-forest-labs/flux-1.1-pro-ultra", null, ReplicateRatios, false, false, Presence.None,
            [OutputFormat("jpg"), Safety(1), ImagePromptStrength(), Raw()]);
        yield return new("replicate", "flux-pro-1.1-ultra-finetuned", "black-forest-labs/flux-1.1-pro-ultra-finetuned", Strength, ReplicateRatios, false, false, Presence.None,
            [OutputFormat("jpg"), Safety(1), ImagePromptStrength()]);
        yield return new("replicate", "flux-pro-finetuned", "black-forest-labs/flux-pro-finetuned", Strength, [], true, false, Presence.None,
            [OutputFormat("jpg"), Safety(1), Upsampling(), Steps(1), Guidance(2, 5)]);

        // OpenAI-compatible gateways (docs/providers.md#openai-images-gateways): size WxH from the ratio or the job's size, FLUX fields passed through with BFL's
        // names and ranges (Lumenfall labels provider-specific fields and passes them on). Lumenfall itself lists the base
        // Ultra only (as flux1.1-pro-ultra); finetuned models go by BFL's name for gateways that serve them.
        yield return new("openai", "flux-pro-1.1-ultra", "flux1.1-pro-ultra", null, NineRatios, false, false, Presence.None,
            [OutputFormat(), Safety(0), Upsampling(), ImagePromptStrength(), Raw()]);
        yield return new("openai", "flux-pro-1.1-ultra-finetuned", "flux-pro-1.1-ultra-finetuned", Strength, NineRatios, false, false, Presence.None,
            [OutputFormat(), Safety(0), Upsampling(), ImagePromptStrength()]);
        yield return new("openai", "flux-pro-finetuned", "flux-pro-finetuned", Strength, [], true, false, Presence.None,
            [OutputFormat(), Safety(0), Upsampling(), Steps(1), Guidance(1.5m, 5)]);
    }

    private static Dictionary<(string, string), string> Gaps() => new()
    {
        [("fal", "flux-pro-finetuned")] = "fal has no FLUX.1 [pro] finetuned endpoint, only v1.1-ultra-finetuned and v1/fill-finetuned (docs/providers.md#fal)",
        [("replicate", "flux-pro-1.0-fill-finetuned")] = "Replicate has no fill model (docs/providers.md#replicate)",
        [("cometapi", "flux-pro-1.1-ultra")] = "CometAPI documents its finetuned FLUX routes only (docs/providers.md#cometapi-bfl-pass-through)",
        [("openai", "flux-pro-1.0-fill-finetuned")] = "the OpenAI images API (images/generations) takes no input image or mask, so it cannot fill (docs/providers.md#openai-compatible-images)",
    };
}
