namespace Pipeline.Imaging.Decoding;

/// <summary>Raised inside the strict scan walk when the entropy-coded data is damaged; caught by the walk itself.</summary>
internal sealed class JpegDamageException(string reason) : Exception(reason);
