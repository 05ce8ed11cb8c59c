using System.Collections.Frozen;

namespace Pipeline.Sandbox.Protocol;

/// <summary>
/// FLUX1.1 [pro] Ultra output pixels per aspect ratio (docs/providers.md#output-sizes-ultra). Deliberately a copy of the table in
/// Pipeline.Core: the sandbox is an independent implementation of the provider, so a wrong table in the
/// product shows up as a size mismatch instead of agreeing with itself.
/// </summary>
internal static class UltraSizes
{
    public const string DefaultAspectRatio = "16:9";

    private static readonly FrozenDictionary<string, (int Width, int Height)> ByRatio =
        new Dictionary<string, (int Width, int Height)>(StringComparer.Ordinal)
        {
            ["21:9"] = (3136, 1344),
            ["16:9"] = (2752, 1536),
            ["4:3"] = (2368, 1792),
            ["3:2"] = (2496, 1664),
            ["1:1"] = (2048, 2048),
            ["2:3"] = (1664, 2496),
            ["3:4"] = (1792, 2368),
            ["9:16"] = (1536, 2752),
            ["9:21"] = (1344, 3136),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The nine ratios, widest first, as listed in error messages.</summary>
    public static IReadOnlyList<string> Ratios { get; } = ["21:9", "16:9", "4:3", "3:2", "1:1", "2:3", "3:4", "9:16", "9:21"];

    public static bool TryGet(string ratio, out int width, out int height)
    {
        var found = ByRatio.TryGetValue(ratio, out var size);
        (width, height) = size;
        return found;
    }
}
