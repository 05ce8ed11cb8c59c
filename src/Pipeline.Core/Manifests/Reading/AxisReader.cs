using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Providers;
using Pipeline.Domain;

namespace Pipeline.Manifests.Reading;

/// <summary>Reads the value axes of <c>matrix:</c>: strengths, seeds, aspect ratios and sizes.</summary>
internal static partial class AxisReader
{
    /// <summary>A range may expand to at most this many strengths.</summary>
    public const int MaxRangeValues = 1000;

    /// <summary>A <c>{count, start}</c> seed range may give at most this many seeds.</summary>
    public const int MaxSeedCount = 100_000;

    private static readonly string[] RangeKeys = ["from", "to", "step"];
    private static readonly string[] SeedRangeKeys = ["count", "start", "random"];

    /// <summary>A list of numbers, or <c>{from, to, step}</c> expanded with exact decimal steps.</summary>
    public static List<decimal> Strengths(YamlNode node, string path, ReadContext cx)
    {
        if (node is YamlMapping)
        {
            return StrengthRange(node, path, cx);
        }

        var items = cx.List(node, path, "finetune strengths (or {from, to, step})") ?? [];
        return [.. items.Select((item, i) => Strength(item, ReadContext.Index(path, i), cx)).OfType<decimal>()];
    }

    public static decimal? Strength(YamlNode? node, string path, ReadContext cx) =>
        cx.Number(node, path, ModelCatalog.MinStrength, ModelCatalog.MaxStrength);

    /// <summary>A list of seeds, <c>{count, start}</c> (start defaults to 0), or <c>{random: N}</c> (drawn by the planner).</summary>
    public static SeedAxis Seeds(YamlNode node, string path, ReadContext cx)
    {
        if (node is YamlMapping)
        {
            return SeedRange(node, path, cx);
        }

        var items = cx.List(node, path, "seeds (or {count, start} or {random: N})") ?? [];
        return new([.. items.Select((item, i) => Seed(item, ReadContext.Index(path, i), cx)).OfType<long>()], null);
    }

    /// <summary>A list of finetune ids (<c>matrix.finetune_ids</c>).</summary>
    public static List<string> FinetuneIds(YamlNode node, string path, ReadContext cx)
    {
        var items = cx.List(node, path, "finetune ids") ?? [];
        return [.. items.Select((item, i) => FinetuneId(item, ReadContext.Index(path, i), cx)).OfType<string>()];
    }

    public static string? FinetuneId(YamlNode? node, string path, ReadContext cx) =>
        cx.String(node, path, "a finetune id like acme-brand-v3") is { } id && NonBlank(id, path, "finetune id", cx) ? id : null;

    /// <summary>False (with an error) for empty or blank text.</summary>
    public static bool NonBlank(string text, string path, string what, ReadContext cx)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        cx.Error(path, $"the {what} is empty");
        return false;
    }

    public static long? Seed(YamlNode? node, string path, ReadContext cx) => cx.Integer(node, path, 0, int.MaxValue);

    public static List<string> AspectRatios(YamlNode node, string path, ReadContext cx)
    {
        var items = cx.List(node, path, "aspect ratios") ?? [];
        return [.. items.Select((item, i) => AspectRatio(item, ReadContext.Index(path, i), cx)).OfType<string>()];
    }

    /// <summary>
    /// Any well-formed <c>W:H</c>; which ratios a provider takes is its capability row's call, checked at plan time
    /// (docs/architecture.md#44-any-ratio-a-provider-takes).
    /// </summary>
    public static string? AspectRatio(YamlNode? node, string path, ReadContext cx)
    {
        const string Expected = "an aspect ratio W:H of whole numbers, like \"4:5\" or \"16:9\"";
        if (cx.Text(node, path, Expected) is not { } text)
        {
            return null;
        }

        if (Ratio.TryParse(text, out _))
        {
            return text;
        }

        cx.Error(node!.Start, path, $"expected {Expected}, found '{text}'{RatioHint(text)}");
        return null;
    }

    /// <summary>What a near miss meant (<c>4x5</c>, <c>16:09</c>), or that a side is zero; empty otherwise.</summary>
    private static string RatioHint(string text)
    {
        if (RatioLookalike().Match(text) is not { Success: true } match)
        {
            return string.Empty;
        }

        var (width, height) = (match.Groups[1].Value.TrimStart('0'), match.Groups[2].Value.TrimStart('0'));
        return width.Length == 0 || height.Length == 0 ? "; both sides must be 1 or more" : $" (did you mean '{width}:{height}'?)";
    }

    public static List<ImageSize> Sizes(YamlNode node, string path, ReadContext cx)
    {
        var items = cx.List(node, path, "sizes like \"1024x768\"") ?? [];
        return [.. items.Select((item, i) => Size(item, ReadContext.Index(path, i), cx)).OfType<ImageSize>()];
    }

    public static ImageSize? Size(YamlNode? node, string path, ReadContext cx)
    {
        const string Rule = "each side must be a multiple of 32 from 256 to 1440";
        if (cx.Text(node, path, "a size like \"1024x768\"") is not { } text)
        {
            return null;
        }

        var match = SizePattern().Match(text);
        if (!match.Success)
        {
            cx.Error(node!.Start, path, $"expected a size WIDTHxHEIGHT like \"1024x768\", found '{text}'");
            return null;
        }

        var (width, height) = (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        if (!ModelCatalog.IsValidSide(width) || !ModelCatalog.IsValidSide(height))
        {
            var side = ModelCatalog.IsValidSide(width) ? $"height {height}" : $"width {width}";
            cx.Error(node!.Start, path, $"size '{text}': {side} is not allowed; {Rule}");
            return null;
        }

        return new ImageSize(width, height);
    }

    private static List<decimal> StrengthRange(YamlNode node, string path, ReadContext cx)
    {
        var range = cx.Mapping(node, path, "a strength range", RangeKeys);
        if (range is null)
        {
            return [];
        }

        var from = Strength(range.Required("from", "the first strength (0 to 2)"), range.PathOf("from"), cx);
        var to = Strength(range.Required("to", "the last strength (0 to 2)"), range.PathOf("to"), cx);
        var step = cx.Number(range.Required("step", "a step greater than 0"), range.PathOf("step"), 0m, ModelCatalog.MaxStrength, minExclusive: true);
        if (from is not { } first || to is not { } last || step is not { } increment)
        {
            return [];
        }

        if (last < first)
        {
            cx.Error(range.PathOf("to"), $"'to' ({last}) is less than 'from' ({first}); a range counts upwards");
            return [];
        }

        if ((last - first) / increment >= MaxRangeValues)
        {
            cx.Error(range.PathOf("step"), $"step {increment} gives more than {MaxRangeValues} strengths; use a larger step");
            return [];
        }

        if ((last - first) % increment != 0)
        {
            // Issue 14, item 11: a range whose step overshoots 'to' used to drop 'to' without a word.
            var reached = first + (decimal.Floor((last - first) / increment) * increment);
            cx.Error(range.PathOf("step"), $"step {increment} from {first} does not land on 'to' ({last}): the range would end at {Decimals.Normalize(reached)}; choose a step that divides {Decimals.Normalize(last - first)}, or list the strengths");
            return [];
        }

        var values = new List<decimal>();
        for (var value = first; value <= last; value += increment)
        {
            values.Add(Decimals.Normalize(value));
        }

        return values;
    }

    private static SeedAxis SeedRange(YamlNode node, string path, ReadContext cx)
    {
        var range = cx.Mapping(node, path, "a seed range", SeedRangeKeys);
        if (range is null)
        {
            return SeedAxis.None;
        }

        if (range.Has("random"))
        {
            if (range.Has("count") || range.Has("start"))
            {
                cx.Error(range.KeyStart("random"), range.PathOf("random"), "use either {random: N} or {count, start}, not both");
                return SeedAxis.None;
            }

            var random = cx.Integer(range.Required("random", $"how many seeds to draw (1 to {MaxSeedCount})"), range.PathOf("random"), 1, MaxSeedCount);
            return random is { } n ? new([], (int)n) : SeedAxis.None;
        }

        var count = cx.Integer(range.Required("count", $"how many seeds (1 to {MaxSeedCount})"), range.PathOf("count"), 1, MaxSeedCount);
        var start = range["start"] is { } given ? Seed(given, range.PathOf("start"), cx) : 0;
        if (count is not { } c || start is not { } first)
        {
            return SeedAxis.None;
        }

        if (first + c - 1 > int.MaxValue)
        {
            cx.Error(range.PathOf("count"), $"seeds {first} to {first + c - 1} go past {int.MaxValue}; lower 'start' or 'count'");
            return SeedAxis.None;
        }

        return new([.. Enumerable.Range(0, (int)c).Select(i => first + i)], null);
    }

    [GeneratedRegex("^([0-9]{1,5})x([0-9]{1,5})$", RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();

    /// <summary>Two numbers with a separator a ratio is often mistyped with (<c>4x5</c>, <c>4/5</c>, <c>4 : 5</c>, <c>0:1</c>).</summary>
    [GeneratedRegex(@"^\s*([0-9]{1,4})\s*[:xX/×]\s*([0-9]{1,4})\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex RatioLookalike();
}

/// <summary>The seed axis as read: listed seeds, or the count of seeds the planner draws.</summary>
internal sealed record SeedAxis(List<long> Seeds, int? Random)
{
    public static SeedAxis None => new([], null);

    public int Count => Random ?? Seeds.Count;
}
