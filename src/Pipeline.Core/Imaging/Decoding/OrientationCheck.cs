using System.Globalization;

namespace Pipeline.Imaging.Decoding;

/// <summary>Compares the displayed shape of an image (after EXIF orientation) with the size a job asked for.</summary>
internal static class OrientationCheck
{
    /// <summary>
    /// Null when the displayed size is <paramref name="expectedWidth"/>×<paramref name="expectedHeight"/>; otherwise a reason.
    /// When the stored raster has the expected size but an EXIF rotation turns it, the reason names the orientation:
    /// <c>orientation: EXIF 6 displays 768×1344 (portrait), requested 1344×768</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The verdict has no size (the image did not decode).</exception>
    public static string? Mismatch(DecodeVerdict verdict, int expectedWidth, int expectedHeight)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        if (verdict.DisplayWidth is not { } width || verdict.DisplayHeight is not { } height)
        {
            throw new ArgumentException("The verdict has no image size.", nameof(verdict));
        }

        if (width == expectedWidth && height == expectedHeight)
        {
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        if (verdict.Orientation != 1)
        {
            return string.Create(inv, $"orientation: EXIF {verdict.Orientation} displays {width}×{height} ({Shape(width, height)}), requested {expectedWidth}×{expectedHeight}");
        }

        return string.Create(inv, $"size: {width}×{height}, requested {expectedWidth}×{expectedHeight}");
    }

    private static string Shape(int width, int height) => width == height ? "square" : width > height ? "landscape" : "portrait";
}
