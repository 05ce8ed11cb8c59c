using Pipeline.Imaging.Decoding;

namespace Pipeline.Tests.Imaging.Decoding;

public sealed class OrientationCheckTests
{
    private static DecodeVerdict Turned() =>
        ImageDecodeCheck.Check(DecodeCorpus.All["jpeg-exif-orientation-6"].Bytes, "image/jpeg", DecodeLimits.Default, CancellationToken.None);

    [Fact]
    public void Mismatch_Orientation6OnLandscapeRaster_NamesTheOrientation()
    {
        var verdict = Turned();

        Assert.Equal((256, 144, 144, 256), (verdict.Width, verdict.Height, verdict.DisplayWidth, verdict.DisplayHeight));
        Assert.Equal("orientation: EXIF 6 displays 144×256 (portrait), requested 256×144", OrientationCheck.Mismatch(verdict, 256, 144));
    }

    [Fact]
    public void Mismatch_DisplayedSizeAsRequested_IsNull() => Assert.Null(OrientationCheck.Mismatch(Turned(), 144, 256));

    [Fact]
    public void Mismatch_UnrotatedWrongSize_NamesTheSize()
    {
        var verdict = ImageDecodeCheck.Check(DecodeCorpus.All["jpeg-baseline-420"].Bytes, "image/jpeg", DecodeLimits.Default, CancellationToken.None);

        Assert.Equal("size: 256×192, requested 1344×768", OrientationCheck.Mismatch(verdict, 1344, 768));
    }
}
