using Pipeline.Domain;

namespace Pipeline.Tests.Domain;

/// <summary>The rule that verifies Ultra ratios without a published size (docs/architecture.md#44-any-ratio-a-provider-takes).</summary>
public sealed class UltraSizeRuleTests
{
    [Fact]
    public void Problem_EveryPublishedSize_PassesTheRuleForItsRatio()
    {
        Assert.All(ModelCatalog.UltraSizes, entry =>
        {
            Assert.True(Ratio.TryParse(entry.Key, out var ratio));
            Assert.Null(UltraSizeRule.Problem(entry.Value, ratio));
        });
    }

    [Theory]
    [InlineData(1824, 2304)]
    [InlineData(1824, 2272)]
    [InlineData(1840, 2288)]
    public void Problem_FourToFiveNearFourMegapixels_Passes(int width, int height)
    {
        Assert.Null(UltraSizeRule.Problem(new ImageSize(width, height), new Ratio(4, 5)));
    }

    [Theory]
    [InlineData(2048, 2048, "size 2048x2048, expected 4:5 by rule: not 4:5 within 32 px a side")]
    [InlineData(1440, 1792, "size 1440x1792, expected 4:5 by rule: 2.58 MP, outside 3.9-4.3 MP")]
    [InlineData(1830, 2290, "size 1830x2290, expected 4:5 by rule: sides not multiples of 16")]
    [InlineData(1760, 2400, "size 1760x2400, expected 4:5 by rule: not 4:5 within 32 px a side")]
    public void Problem_WrongSizeForFourToFive_SaysWhichRuleItBreaks(int width, int height, string message)
    {
        Assert.Equal(message, UltraSizeRule.Problem(new ImageSize(width, height), new Ratio(4, 5)));
    }

    [Fact]
    public void RatioByRule_TableRatioOrMalformed_IsNull()
    {
        Assert.Null(ModelCatalog.RatioByRule("16:9"));
        Assert.Null(ModelCatalog.RatioByRule("4x5"));
        Assert.Equal(new Ratio(42, 18), ModelCatalog.RatioByRule("42:18"));
    }
}
