using Pipeline.Domain;
using Pipeline.Sandbox.Protocol;

namespace Pipeline.Tests.Sandbox;

/// <summary>
/// The sandbox sizes a ratio without a published size on its own (docs/providers.md#sandbox-behaviour); the product
/// verifies such renders by <see cref="UltraSizeRule"/>. Two independent implementations, checked against each other.
/// </summary>
public sealed class UltraSizesTests
{
    [Fact]
    public void SizeOf_TableRatio_IsThePublishedSize()
    {
        Assert.Equal((2752, 1536), UltraSizes.SizeOf("16:9"));
    }

    [Fact]
    public void SizeOf_FourToFive_IsAbout4MegapixelsOnThe32Grid()
    {
        Assert.Equal((1824, 2304), UltraSizes.SizeOf("4:5"));
    }

    [Fact]
    public void ByRule_EveryRatioInBflsRange_PassesTheVerifiersRule()
    {
        var checkedRatios = 0;
        for (var w = 1; w <= 40; w++)
        {
            for (var h = 1; h <= 40; h++)
            {
                if (!UltraSizes.InBflRange(w, h))
                {
                    continue;
                }

                var (width, height) = UltraSizes.ByRule(w, h);
                Assert.True(UltraSizeRule.Problem(new ImageSize(width, height), new Ratio(w, h)) is null, $"{w}:{h} renders {width}x{height}");
                checkedRatios++;
            }
        }

        Assert.True(checkedRatios > 500);
    }

    [Theory]
    [InlineData(21, 9, true)]
    [InlineData(9, 21, true)]
    [InlineData(42, 18, true)]
    [InlineData(22, 9, false)]
    [InlineData(9, 22, false)]
    [InlineData(3, 1, false)]
    public void InBflRange_ComparesAsFractionsEndsIncluded(int w, int h, bool inside)
    {
        Assert.Equal(inside, UltraSizes.InBflRange(w, h));
    }
}
