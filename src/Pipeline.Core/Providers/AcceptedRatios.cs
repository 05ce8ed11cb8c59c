using Pipeline.Domain;

namespace Pipeline.Providers;

/// <summary>
/// The <c>aspect_ratio</c> values one endpoint takes (docs/providers.md#accepted-aspect-ratios): a published list
/// (an enum, matched as written), or every ratio between a widest and a tallest shape (BFL's free string).
/// </summary>
/// <param name="Listed">The enum; for a range, the ratios offered as examples.</param>
/// <param name="Widest">The widest shape of a range, inclusive; null for an enum.</param>
/// <param name="Tallest">The tallest shape of a range, inclusive; null for an enum.</param>
public sealed record AcceptedRatios(IReadOnlyList<string> Listed, Ratio? Widest = null, Ratio? Tallest = null)
{
    /// <summary>An endpoint with no <c>aspect_ratio</c> field.</summary>
    public static AcceptedRatios None { get; } = new([]);

    /// <summary>Why a value outside the set is refused, when the list alone does not say (a gateway that sends <c>size</c>).</summary>
    public string? Note { get; init; }

    /// <summary>Whether the endpoint takes an aspect ratio at all.</summary>
    public bool Any => Listed.Count > 0 || IsRange;

    /// <summary>Any ratio between <see cref="Widest"/> and <see cref="Tallest"/>, not only the listed ones.</summary>
    public bool IsRange => Widest is not null && Tallest is not null;

    /// <summary>Every ratio from <paramref name="widest"/> to <paramref name="tallest"/>, compared as fractions.</summary>
    public static AcceptedRatios Between(Ratio widest, Ratio tallest, IReadOnlyList<string> examples) => new(examples, widest, tallest);

    /// <summary>Exactly <paramref name="values"/>, as written.</summary>
    public static AcceptedRatios OneOf(IReadOnlyList<string> values) => new(values);

    /// <summary>Whether <paramref name="ratio"/> (manifest text) may be sent.</summary>
    public bool Accepts(string ratio)
    {
        if (Widest is not { } widest || Tallest is not { } tallest)
        {
            return Listed.Contains(ratio, StringComparer.Ordinal);
        }

        return Ratio.TryParse(ratio, out var shape) && !shape.IsWiderThan(widest) && !tallest.IsWiderThan(shape);
    }

    /// <summary>What is taken, for messages: <c>one of 21:9, 16:9, …</c> or <c>any W:H from 21:9 to 9:21</c>.</summary>
    public string Describe()
    {
        var allowed = IsRange
            ? $"any W:H from {Widest} (widest) to {Tallest} (tallest), compared as fractions"
            : Listed.Count > 0 ? "one of " + string.Join(", ", Listed) : "no aspect ratio";
        return Note is null ? allowed : $"{allowed} ({Note})";
    }
}
