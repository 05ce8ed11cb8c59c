namespace Pipeline.Imaging;

/// <summary>What a file on disk really is, read from its own bytes.</summary>
/// <param name="Format"><c>jpeg</c>, <c>png</c>, or null when the header is not recognised.</param>
/// <param name="Width">Pixels, from the JPEG SOF or PNG IHDR; null when unreadable.</param>
/// <param name="Complete">JPEG ends with EOI (FFD9), PNG ends with an IEND chunk.</param>
/// <param name="Length">Bytes on disk.</param>
/// <param name="Damage">
/// Structural problems besides a missing end: a PNG chunk whose CRC does not match, a chunk or JPEG header
/// segment cut short, a missing frame header. Empty for a sound file.
/// </param>
public sealed record ImageFacts(string? Format, int? Width, int? Height, bool Complete, long Length, IReadOnlyList<string> Damage)
{
    /// <summary>Complete and undamaged.</summary>
    public bool Intact => Complete && Damage.Count == 0;
}
