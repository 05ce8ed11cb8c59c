using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Pipeline.Domain;

/// <summary>
/// An aspect ratio <c>W:H</c> of whole numbers, as a manifest writes it. Shapes compare as fractions, so <c>42:18</c>
/// is as wide as <c>21:9</c>; the text as written is what a job keeps and sends (docs/architecture.md#44-any-ratio-a-provider-takes).
/// </summary>
public readonly record struct Ratio
{
    /// <summary>The largest term accepted: four digits is more than any shape needs.</summary>
    public const int MaxTerm = 9999;

    public Ratio(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, MaxTerm);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, MaxTerm);
        (Width, Height) = (width, height);
    }

    /// <summary>The <c>W</c> of <c>W:H</c>.</summary>
    public int Width { get; }

    /// <summary>The <c>H</c> of <c>W:H</c>.</summary>
    public int Height { get; }

    /// <summary>Reads <c>W:H</c>: terms 1 to <see cref="MaxTerm"/>, written without signs, spaces or leading zeros.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Ratio ratio)
    {
        ratio = default;
        var parts = text?.Split(':');
        if (parts is not [var w, var h] || !Term(w, out var width) || !Term(h, out var height))
        {
            return false;
        }

        ratio = new Ratio(width, height);
        return true;
    }

    /// <summary>True when this shape is wider (larger W/H) than <paramref name="other"/>.</summary>
    public bool IsWiderThan(Ratio other) => (long)Width * other.Height > (long)other.Width * Height;

    /// <summary>True when both are the same shape (<c>42:18</c> and <c>21:9</c>).</summary>
    public bool SameShape(Ratio other) => (long)Width * other.Height == (long)other.Width * Height;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Width}:{Height}");

    private static bool Term(string text, out int value)
    {
        value = 0;
        return text.Length is >= 1 and <= 4 && text[0] != '0' && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
