using System.Collections.Frozen;
using System.Globalization;

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

    /// <summary>BFL's documented range, "between 21:9 and 9:21" (docs/providers.md#accepted-aspect-ratios), as W/H.</summary>
    public static (int Width, int Height) Widest { get; } = (21, 9);

    /// <summary>The tallest shape of the range.</summary>
    public static (int Width, int Height) Tallest { get; } = (9, 21);

    /// <summary>The area every Ultra render is sized to when no size is published: 2048 × 2048, about 4.19 MP.</summary>
    private const double Area = 2048.0 * 2048.0;

    private const int Grid = 32;

    public static bool TryGet(string ratio, out int width, out int height)
    {
        var found = ByRatio.TryGetValue(ratio, out var size);
        (width, height) = size;
        return found;
    }

    /// <summary>The table's size, else the size by rule for any <c>W:H</c> (null for text that is not one).</summary>
    public static (int Width, int Height)? SizeOf(string ratio) =>
        TryGet(ratio, out var width, out var height) ? (width, height)
        : TryParse(ratio, out var w, out var h) ? ByRule(w, h)
        : null;

    /// <summary>Whether <c>W:H</c> lies within BFL's range, compared as fractions.</summary>
    public static bool InBflRange(int width, int height) =>
        (long)width * Widest.Height <= (long)Widest.Width * height && (long)width * Tallest.Height >= (long)Tallest.Width * height;

    /// <summary>
    /// A ratio no host publishes a size for (5:4, 4:5, or anything BFL's free string takes): about 4.19 MP, each
    /// side rounded to the nearest multiple of 32 (docs/providers.md#sandbox-behaviour). 4:5 gives 1824×2304.
    /// </summary>
    public static (int Width, int Height) ByRule(int width, int height)
    {
        var shape = width / (double)height;
        return (Round(Math.Sqrt(Area * shape)), Round(Math.Sqrt(Area / shape)));
    }

    /// <summary>Reads <c>W:H</c> of positive whole numbers.</summary>
    public static bool TryParse(string text, out int width, out int height)
    {
        (width, height) = (0, 0);
        var parts = text.Split(':');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out width) && width > 0
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out height) && height > 0;
    }

    private static int Round(double side) => (int)Math.Round(side / Grid, MidpointRounding.AwayFromZero) * Grid;
}
