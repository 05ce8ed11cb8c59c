using System.Collections.Frozen;

namespace Pipeline.Domain;

/// <summary>
/// The models a manifest may name, their shapes and prices, and the FLUX1.1 [pro] Ultra size table.
/// Sources: docs/providers.md#bfl-request-fields (fields), docs/providers.md#output-sizes-ultra (sizes), docs/providers.md#prices (prices).
/// </summary>
public static class ModelCatalog
{
    public const decimal MinStrength = 0m;
    public const decimal MaxStrength = 2m;
    public const int MinSide = 256;
    public const int MaxSide = 1440;
    public const int SideMultiple = 32;

    public static FrozenDictionary<string, ModelSpec> Models { get; } = new ModelSpec[]
    {
        new("flux-pro-1.1-ultra-finetuned", ModelShape.Ultra, Finetuned: true, 0.07m, 1.2m),
        new("flux-pro-finetuned", ModelShape.Sized, Finetuned: true, 0.06m, 1.1m),
        new("flux-pro-1.0-fill-finetuned", ModelShape.Fill, Finetuned: true, 0.06m, 1.1m),
        new("flux-pro-1.1-ultra", ModelShape.Ultra, Finetuned: false, 0.06m, null),
    }.ToFrozenDictionary(m => m.Name, StringComparer.Ordinal);

    /// <summary>
    /// Other spellings a manifest may use for a model, read as BFL's name at load so job ids do not change
    /// (docs/architecture.md#contract-manifest): CometAPI's hyphenated ids.
    /// </summary>
    public static FrozenDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["flux-pro-1-1-ultra-finetuned"] = "flux-pro-1.1-ultra-finetuned",
        ["flux-pro-1-0-fill-finetuned"] = "flux-pro-1.0-fill-finetuned",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Ultra output pixels per aspect ratio (docs/providers.md#output-sizes-ultra), in the order 21:9 … 9:21. Other ratios a
    /// provider takes have no published size and are verified by <see cref="UltraSizeRule"/>.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, ImageSize>> UltraSizes { get; } =
    [
        new("21:9", new ImageSize(3136, 1344)),
        new("16:9", new ImageSize(2752, 1536)),
        new("4:3", new ImageSize(2368, 1792)),
        new("3:2", new ImageSize(2496, 1664)),
        new("1:1", new ImageSize(2048, 2048)),
        new("2:3", new ImageSize(1664, 2496)),
        new("3:4", new ImageSize(1792, 2368)),
        new("9:16", new ImageSize(1536, 2752)),
        new("9:21", new ImageSize(1344, 3136)),
    ];

    private static readonly FrozenDictionary<string, ImageSize> UltraByRatio =
        UltraSizes.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The Ultra output size for <paramref name="aspectRatio"/>, or null for a ratio outside the table.</summary>
    public static ImageSize? UltraSize(string aspectRatio) =>
        UltraByRatio.TryGetValue(aspectRatio, out var size) ? size : null;

    /// <summary>
    /// The ratio an Ultra render is checked against by <see cref="UltraSizeRule"/>: a well-formed ratio outside the
    /// size table (its text as written, so <c>42:18</c> is by rule too); null for a table ratio or malformed text.
    /// </summary>
    public static Ratio? RatioByRule(string aspectRatio) =>
        UltraSize(aspectRatio) is null && Ratio.TryParse(aspectRatio, out var ratio) ? ratio : null;

    /// <summary>True when <paramref name="side"/> is a valid FLUX.1 [pro] width or height.</summary>
    public static bool IsValidSide(int side) => side is >= MinSide and <= MaxSide && side % SideMultiple == 0;
}
