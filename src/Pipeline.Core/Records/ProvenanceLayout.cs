using Pipeline.Imaging;

namespace Pipeline.Records;

/// <summary>Where provenance goes in one image file, and the records already in it.</summary>
/// <param name="InsertAt">The byte offset a new record is placed at.</param>
/// <param name="Records">Byte ranges of the embedded record's chunks or segments, in file order.</param>
/// <param name="Payload">The embedded record's UTF-8 JSON (its pieces joined), or null when there is none.</param>
/// <param name="Damage">Why the file's structure cannot be trusted; a damaged file is never stamped.</param>
internal sealed record ProvenanceLayout(long InsertAt, IReadOnlyList<ByteRange> Records, byte[]? Payload, IReadOnlyList<string> Damage);
