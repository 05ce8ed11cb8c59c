using Pipeline.Providers;

namespace Pipeline.Manifests.Reading;

/// <summary>How a <c>params:</c> value is typed.</summary>
internal enum ParamKind
{
    /// <summary>One of <see cref="ParamRule.Choices"/>, stored as a string.</summary>
    Choice,

    /// <summary>An integer in [Min, Max], stored as a long.</summary>
    Integer,

    /// <summary>A number in [Min, Max], stored as a decimal with the written scale.</summary>
    Number,

    /// <summary>true or false, stored as a bool.</summary>
    Boolean,
}

/// <summary>One fixed request field a model accepts (providers.md §1.2).</summary>
internal sealed record ParamRule(string Name, ParamKind Kind, decimal Min = 0, decimal Max = 0, IReadOnlyList<string>? Choices = null)
{
    public const string OutputFormat = "output_format";

    public static IReadOnlyList<string> Formats { get; } = ["jpeg", "png"];

    private static readonly ParamRule[] Common =
    [
        new(OutputFormat, ParamKind.Choice, Choices: Formats),
        new("safety_tolerance", ParamKind.Integer, 0, 6),
        new("prompt_upsampling", ParamKind.Boolean),
    ];

    /// <summary>What a value must be, for messages.</summary>
    public string Describe() => Kind switch
    {
        ParamKind.Choice => $"one of: {string.Join(", ", Choices!)}",
        ParamKind.Integer => $"an integer from {Min} to {Max}",
        ParamKind.Number => $"a number from {Min} to {Max}",
        _ => "true or false",
    };

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
        ["image_prompt"] = "input images are not supported yet",
        ["image"] = "input images are not supported yet",
        ["mask"] = "input images are not supported yet",
        ["webhook_url"] = "the pipeline polls each task and does not take webhooks",
        ["webhook_secret"] = "the pipeline polls each task and does not take webhooks",
    };

    /// <summary>The fields <paramref name="model"/> accepts in <c>params:</c>.</summary>
    public static IReadOnlyList<ParamRule> For(ModelSpec model) => model switch
    {
        { Shape: ModelShape.Ultra, Finetuned: true } => [.. Common, new("image_prompt_strength", ParamKind.Number, 0, 1)],
        { Shape: ModelShape.Ultra } => [.. Common, new("image_prompt_strength", ParamKind.Number, 0, 1), new("raw", ParamKind.Boolean)],
        { Shape: ModelShape.Sized } => [.. Common, new("steps", ParamKind.Integer, 1, 50), new("guidance", ParamKind.Number, 1.5m, 5)],
        _ => [.. Common, new("steps", ParamKind.Integer, 15, 50), new("guidance", ParamKind.Number, 1.5m, 100)],
    };

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
