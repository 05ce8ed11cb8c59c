using System.Globalization;

namespace Pipeline.Domain;

/// <summary>
/// What an Ultra render of a ratio outside the size table must look like, since no host publishes its pixels
/// (docs/architecture.md#44-any-ratio-a-provider-takes): sides on the grid, the requested shape within one grid step per
/// side, and about 4 MP. The nine table sizes all pass it (a test says so), so it is never stricter than the table.
/// </summary>
public static class UltraSizeRule
{
    /// <summary>
    /// Each side is a multiple of this. The table's sizes are all multiples of 32, but one Replicate version rounds to
    /// 16 (docs/providers.md#output-sizes-sized-models), and refusing a good render costs a second bill.
    /// </summary>
    public const int SideMultiple = 16;

    /// <summary>Each side may be this far from some rectangle of exactly the requested shape: one step of BFL's 32 px grid.</summary>
    public const int SlackPx = 32;

    /// <summary>The fewest pixels: 3.9 MP (the table spans 4.15 to 4.24 MP, docs/providers.md#output-sizes-ultra).</summary>
    public const long MinPixels = 3_900_000;

    /// <summary>The most pixels: 4.3 MP.</summary>
    public const long MaxPixels = 4_300_000;

    /// <summary>Why <paramref name="actual"/> is not a render of <paramref name="ratio"/>; null when it is.</summary>
    public static string? Problem(ImageSize actual, Ratio ratio)
    {
        var reasons = new List<string>();
        if (actual.Width % SideMultiple != 0 || actual.Height % SideMultiple != 0)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"sides not multiples of {SideMultiple}"));
        }

        if (!FitsShape(actual, ratio))
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"not {ratio} within {SlackPx} px a side"));
        }

        var pixels = (long)actual.Width * actual.Height;
        if (pixels is < MinPixels or > MaxPixels)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{pixels / 1e6:0.00} MP, outside {MinPixels / 1e6:0.0}-{MaxPixels / 1e6:0.0} MP"));
        }

        return reasons.Count == 0 ? null : $"size {actual}, expected {ratio} by rule: {string.Join(", ", reasons)}";
    }

    /// <summary>
    /// Some exact a:b rectangle (a·t by b·t) lies within <see cref="SlackPx"/> of each side: the intervals of t that
    /// each side allows overlap, which in whole numbers is |w·b − h·a| ≤ slack·(a + b).
    /// </summary>
    private static bool FitsShape(ImageSize actual, Ratio ratio) =>
        Math.Abs(((long)actual.Width * ratio.Height) - ((long)actual.Height * ratio.Width)) <= (long)SlackPx * (ratio.Width + ratio.Height);
}
