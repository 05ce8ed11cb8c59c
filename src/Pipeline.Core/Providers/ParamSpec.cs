using System.Globalization;

namespace Pipeline.Providers;

/// <summary>How a fixed request field (<c>params:</c>) is typed.</summary>
public enum ParamKind
{
    /// <summary>One of <see cref="ParamSpec.Choices"/>, a string.</summary>
    Choice,

    /// <summary>An integer in [Min, Max], a <see cref="long"/>.</summary>
    WholeNumber,

    /// <summary>A number in [Min, Max], a <see cref="decimal"/> with the written scale.</summary>
    Number,

    /// <summary>true or false, a <see cref="bool"/>.</summary>
    Flag,
}

/// <summary>One fixed request field a model takes on one provider (docs/providers.md#bfl-request-fields, docs/providers.md#fal-request-fields, docs/providers.md#replicate-model-inputs).</summary>
/// <param name="Name">The manifest's name (BFL's).</param>
/// <param name="WireName">The provider's own name when it differs (fal's <c>enhance_prompt</c>); null when the same.</param>
public sealed record ParamSpec(string Name, ParamKind Kind, decimal Min = 0, decimal Max = 0, IReadOnlyList<string>? Choices = null, string? WireName = null)
{
    /// <summary>What a value must be, for messages.</summary>
    public string Describe() => Kind switch
    {
        ParamKind.Choice => $"one of: {string.Join(", ", Choices!)}",
        ParamKind.WholeNumber => string.Create(CultureInfo.InvariantCulture, $"an integer from {Min} to {Max}"),
        ParamKind.Number => string.Create(CultureInfo.InvariantCulture, $"a number from {Min} to {Max}"),
        _ => "true or false",
    };

    /// <summary>True when <paramref name="value"/> (string, long, decimal or bool) is a valid value of this field.</summary>
    public bool Accepts(object value) => (Kind, value) switch
    {
        (ParamKind.Choice, string s) => Choices!.Contains(s, StringComparer.Ordinal),
        (ParamKind.WholeNumber, long l) => l >= Min && l <= Max,
        (ParamKind.Number, decimal d) => d >= Min && d <= Max,
        (ParamKind.Number, long l) => l >= Min && l <= Max,
        (ParamKind.Flag, bool) => true,
        _ => false,
    };
}
