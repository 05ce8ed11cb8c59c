using Pipeline.Sandbox.Delivery;
using Pipeline.Sandbox.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Pipeline.Tests.Sandbox;

public sealed class ImageSynthesizerTests
{
    private static readonly ImageSpec Spec = new("flux-pro-finetuned", "a fox", "ft-1", 1.0, 7, 96, 64, ImageFormat.Png);

    [Fact]
    public void Render_SameSpec_IdenticalPixels()
    {
        Assert.Equal(Pixels(Spec), Pixels(Spec with { }));
    }

    [Fact]
    public void Render_HigherStrength_MoreContrast()
    {
        var large = Spec with { Width = 512, Height = 512 };
        var weak = Spread(large with { Strength = 0.2 });
        var strong = Spread(large with { Strength = 1.8 });

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

        Assert.NotEqual(Pixels(Spec), Pixels(other));
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

    [Fact]
    public void Render_AnySpec_HasTheSpecSize()
    {
        using var image = ImageSynthesizer.Render(Spec with { Width = 131, Height = 41 });

        Assert.Equal((131, 41), (image.Width, image.Height));
    }

    private static byte[] Pixels(ImageSpec spec)
    {
        using var image = ImageSynthesizer.Render(spec);
        var pixels = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }

    // Mean absolute green difference to the right and lower neighbours: grows with pattern contrast, whatever its direction.
    private static double Spread(ImageSpec spec)
    {
        using var image = ImageSynthesizer.Render(spec);
        var total = 0L;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height - 1; y++)
            {
                var row = rows.GetRowSpan(y);
                var below = rows.GetRowSpan(y + 1);
                for (var x = 0; x < rows.Width - 1; x++)
                {
                    total += Math.Abs(row[x + 1].G - row[x].G) + Math.Abs(below[x].G - row[x].G);
                }
            }
        });

        return total / (double)(image.Width * image.Height);
    }
}
