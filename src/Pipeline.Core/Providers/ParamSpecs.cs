namespace Pipeline.Providers;

/// <summary>The fixed request fields (<c>params:</c>) the capability rows of every provider are made of.</summary>
internal static class ParamSpecs
{
    /// <summary>The nine Ultra ratios with a published output size (docs/providers.md#output-sizes-ultra), widest first.</summary>
    public static IReadOnlyList<string> Nine { get; } = ["21:9", "16:9", "4:3", "3:2", "1:1", "2:3", "3:4", "9:16", "9:21"];

    /// <summary>BFL's <c>aspect_ratio</c>: a free string "between 21:9 and 9:21" (docs/providers.md#accepted-aspect-ratios).</summary>
    public static AcceptedRatios BflRange { get; } = AcceptedRatios.Between(new(21, 9), new(9, 21), Nine);

    /// <summary>The two output formats every host takes.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["jpeg", "png"];

    /// <summary>BFL's <c>finetune_strength</c> range.</summary>
    public static NumberRange Strength { get; } = new(0m, 2m);

    public static ParamSpec OutputFormat(string? wire = null) => new("output_format", ParamKind.Choice, Choices: Formats, WireName: wire);

    public static ParamSpec Safety(int min) => new("safety_tolerance", ParamKind.WholeNumber, min, 6);

    public static ParamSpec Upsampling(string? wire = null) => new("prompt_upsampling", ParamKind.Flag, WireName: wire);

    public static ParamSpec ImagePromptStrength() => new("image_prompt_strength", ParamKind.Number, 0, 1);

    public static ParamSpec Raw() => new("raw", ParamKind.Flag);

    public static ParamSpec Steps(int min) => new("steps", ParamKind.WholeNumber, min, 50);

    public static ParamSpec Guidance(decimal min, decimal max) => new("guidance", ParamKind.Number, min, max);
}
