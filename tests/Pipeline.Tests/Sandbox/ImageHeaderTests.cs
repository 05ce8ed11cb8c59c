using Pipeline.Sandbox.Imaging;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Sandbox;

public sealed class ImageHeaderTests
{
    [Fact]
    public void TryReadSize_Png_ReadsIhdr()
    {
        var png = TestImages.Png(40, 30);

        Assert.True(ImageHeader.TryReadSize(png, out var width, out var height));
        Assert.Equal((40, 30), (width, height));
    }

    [Fact]
    public void TryReadSize_Jpeg_ReadsSofAfterOtherSegments()
    {
        var jpeg = TestImages.Jpeg(40, 30);

        Assert.True(ImageHeader.TryReadSize(jpeg, out var width, out var height));
        Assert.Equal((40, 30), (width, height));
    }

    [Fact]
    public void TryReadSize_ProgressiveSof2_ReadsSize()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xC2, 0x00, 0x11, 0x08, 0x01, 0x00, 0x02, 0x00, 0x03, 0x01, 0x22, 0x00];

        Assert.True(ImageHeader.TryReadSize(jpeg, out var width, out var height));
        Assert.Equal((512, 256), (width, height));
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4, 5 })]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 })]
    [InlineData(new byte[0])]
    public void TryReadSize_NotAnImage_ReturnsFalse(byte[] data)
    {
        Assert.False(ImageHeader.TryReadSize(data, out _, out _));
    }
}
