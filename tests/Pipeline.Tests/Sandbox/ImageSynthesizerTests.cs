using Pipeline.Sandbox.Delivery;
using Pipeline.Sandbox.Imaging;

namespace Pipeline.Tests.Sandbox;

public sealed class ImageSynthesizerTests
{
    private static readonly ImageSpec Spec = new("flux-pro-finetuned", "a fox", "ft-1", 1.0, 7, 96, 64, ImageFormat.Png);

    [Fact]
    public void Render_SameSpec_IdenticalPixels()
    {
        Assert.Equal(ImageSynthesizer.Render(Spec).Pixels, ImageSynthesizer.Render(Spec with { }).Pixels);
    }

    [Fact]
    public void Render_HigherStrength_MoreContrast()
    {
        var large = Spec with { Width = 512, Height = 512 };
        var weak = Spread(ImageSynthesizer.Render(large with { Strength = 0.2 }));
        var strong = Spread(ImageSynthesizer.Render(large with { Strength = 1.8 }));

        Assert.True(strong > weak * 2, $"spread {strong} vs {weak}");
    }

    [Theory]
    [InlineData("prompt")]
    [InlineData("finetune")]
    [InlineData("seed")]
    public void Render_ChangedInput_ChangesPixels(string change)
    {
        var other = change switch
        {
            "prompt" => Spec with { Prompt = "a wolf" },
            "finetune" => Spec with { FinetuneId = "ft-2" },
            _ => Spec with { Seed = 8 },
        };

        Assert.NotEqual(ImageSynthesizer.Render(Spec).Pixels, ImageSynthesizer.Render(other).Pixels);
    }

    [Fact]
    public void GetOrCreate_RepeatedSpec_ReturnsTheCachedBytes()
    {
        var cache = new ImageCache(capacity: 2);

        var first = cache.GetOrCreate(Spec);
        var second = cache.GetOrCreate(Spec with { });

        Assert.Same(first, second);
    }

    [Fact]
    public void GetOrCreate_BeyondCapacity_EvictsTheLeastRecentlyUsed()
    {
        var cache = new ImageCache(capacity: 2);
        var first = cache.GetOrCreate(Spec);
        cache.GetOrCreate(Spec with { Seed = 1 });
        cache.GetOrCreate(Spec with { Seed = 2 });

        var again = cache.GetOrCreate(Spec);

        Assert.Equal(2, cache.Count);
        Assert.NotSame(first, again);
        Assert.Equal(first, again);
    }

    // Mean absolute luma difference to the right and lower neighbours: grows with pattern contrast, whatever its direction.
    private static double Spread(RgbImage image)
    {
        var total = 0L;
        for (var y = 0; y < image.Height - 1; y++)
        {
            for (var x = 0; x < image.Width - 1; x++)
            {
                var i = (y * image.Stride) + (x * 3) + 1;
                total += Math.Abs(image.Pixels[i + 3] - image.Pixels[i]) + Math.Abs(image.Pixels[i + image.Stride] - image.Pixels[i]);
            }
        }

        return total / (double)(image.Width * image.Height);
    }
}
