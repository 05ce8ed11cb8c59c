using System.Globalization;

namespace Pipeline.Manifests.Reading;

/// <summary>Culture-invariant decimal text.</summary>
internal static class Decimals
{
    /// <summary>The same value with trailing zeros removed: 1.00 → 1, 0.50 → 0.5, 0.0 → 0.</summary>
    public static decimal Normalize(decimal value) => value == 0m ? 0m : value / 1.0000000000000000000000000000m;

    /// <summary>The shortest invariant text of the value: 1.0, 1 and 1.00 all give "1".</summary>
    public static string Canonical(decimal value) => Normalize(value).ToString(CultureInfo.InvariantCulture);
}
