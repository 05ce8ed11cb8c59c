using Pipeline.Providers;
using Pipeline.Providers.Catalog;
using Pipeline.Domain;

namespace Pipeline.Manifests.Reading;

/// <summary>
/// What <c>params:</c> may hold. The manifest language uses BFL's field names and ranges (the capability
/// table's <c>bfl</c> rows); other hosts' narrower ranges are checked per job at plan time.
/// </summary>
internal static class ParamRule
{
    public const string OutputFormat = "output_format";

    public static IReadOnlyList<string> Formats { get; } = ["jpeg", "png"];

    /// <summary>Fields the pipeline sets itself or does not support, with the reason given to the user.</summary>
    public static IReadOnlyDictionary<string, string> Reserved { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["prompt"] = "prompts come from matrix.prompts",
        ["seed"] = "seeds come from matrix.seeds",
        ["finetune_strength"] = "strengths come from matrix.finetune_strengths",
        ["finetune_id"] = "set finetune_id at the top level of the manifest",
        ["aspect_ratio"] = "aspect ratios come from matrix.aspect_ratios",
        ["width"] = "sizes come from matrix.sizes",
        ["height"] = "sizes come from matrix.sizes",
        ["image_prompt"] = "image prompts are not supported yet",
        ["image"] = "set image: at the top level of the manifest (fill models)",
        ["mask"] = "set mask: at the top level of the manifest (fill models)",
        ["webhook_url"] = "the pipeline polls each task and does not take webhooks",
        ["webhook_secret"] = "the pipeline polls each task and does not take webhooks",
    };

    /// <summary>The fields <paramref name="model"/> takes in <c>params:</c> (BFL's, docs/providers.md#bfl-request-fields).</summary>
    public static IReadOnlyList<ParamSpec> For(ModelSpec model) =>
        ProviderCatalog.Capabilities.Find("bfl", model.Name)?.Params ?? [];

    /// <summary>Why <paramref name="key"/> is refused for <paramref name="model"/> when another model takes it; null otherwise.</summary>
    public static string? NotForModel(string key, ModelSpec model) => key switch
    {
        // BFL's ultra-finetuned schema has no `raw`, and raw mode does not work with finetunes:
        // https://github.com/black-forest-labs/flux/issues/432
        "raw" when model.Finetuned => $"{model.Name} has no 'raw' field (raw mode does not work with finetunes; black-forest-labs/flux#432)",
        "raw" => "only flux-pro-1.1-ultra takes 'raw'",
        "image_prompt_strength" => "only the Ultra models take 'image_prompt_strength'",
        "steps" or "guidance" => $"{model.Name} does not take '{key}' (only flux-pro-finetuned and the fill models do)",
        _ => null,
    };
}
