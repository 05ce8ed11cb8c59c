using Pipeline.Domain;

namespace Pipeline.Tests.Domain;

public sealed class RatioTests
{
    [Theory]
    [InlineData("4:5", 4, 5)]
    [InlineData("16:9", 16, 9)]
    [InlineData("42:18", 42, 18)]
    [InlineData("9999:1", 9999, 1)]
    public void TryParse_WholeNumbersAboveZero_Reads(string text, int width, int height)
    {
        Assert.True(Ratio.TryParse(text, out var ratio));
        Assert.Equal(new Ratio(width, height), ratio);
        Assert.Equal(text, ratio.ToString());
    }

    [Theory]
    [InlineData("4x5")]
    [InlineData("0:1")]
    [InlineData("1:0")]
    [InlineData("abc")]
    [InlineData("16:09")]
    [InlineData("-4:5")]
    [InlineData("4 : 5")]
    [InlineData("4:5:6")]
    [InlineData("10000:1")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_Malformed_IsRefused(string? text)
    {
        Assert.False(Ratio.TryParse(text, out _));
    }

    [Fact]
    public void Shapes_CompareAsFractions()
    {
        Assert.True(new Ratio(42, 18).SameShape(new Ratio(21, 9)));
        Assert.False(new Ratio(42, 18).IsWiderThan(new Ratio(21, 9)));
        Assert.True(new Ratio(3, 1).IsWiderThan(new Ratio(21, 9)));
        Assert.True(new Ratio(4, 5).IsWiderThan(new Ratio(9, 21)));
    }
}
