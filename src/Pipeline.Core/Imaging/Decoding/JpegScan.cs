namespace Pipeline.Imaging.Decoding;

/// <summary>One SOS header: the components it codes with their tables, and the spectral band and bit position.</summary>
internal sealed record JpegScan(
    int Number,
    IReadOnlyList<JpegComponent> Components,
    IReadOnlyList<JpegHuffmanTable?> DcTables,
    IReadOnlyList<JpegHuffmanTable?> AcTables,
    int SpectralStart,
    int SpectralEnd,
    int ApproximationHigh,
    int ApproximationLow);
