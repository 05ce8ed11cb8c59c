namespace Pipeline.Sandbox.Imaging;

/// <summary>BFL <c>output_format</c> values.</summary>
internal enum ImageFormat
{
    Jpeg,
    Png,
}
