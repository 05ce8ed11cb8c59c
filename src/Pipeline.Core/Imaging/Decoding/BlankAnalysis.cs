namespace Pipeline.Imaging.Decoding;

/// <summary>How uniform a decoded image is; the caller decides whether a blank image fails, is flagged or is kept.</summary>
/// <param name="IsBlank">Uniform or near-uniform: see <see cref="BlankDetector"/> for the thresholds.</param>
/// <param name="MeanColour">The average colour, <c>#RRGGBB</c> (or <c>#RRGGBBAA</c> when not opaque).</param>
/// <param name="CellRange">Largest per-channel spread (max − min, 0–255) of the cell averages of a ≤64×64 downscale.</param>
/// <param name="PixelDeviation">Largest per-channel standard deviation (0–255) of the sampled pixels.</param>
public sealed record BlankAnalysis(bool IsBlank, string MeanColour, int CellRange, double PixelDeviation)
{
    /// <summary><c>blank (uniform #000000)</c>, or null when the image is not blank.</summary>
    public string? Describe() => IsBlank ? $"blank (uniform {MeanColour})" : null;
}
