using Pipeline.Sandbox.Imaging;

namespace Pipeline.Tests.Sandbox;

public sealed class ForwardDctTests
{
    [Fact]
    public void Transform_RandomBlock_MatchesTheDefinitionAfterAanScaling()
    {
        var random = new Random(5);
        var samples = Enumerable.Range(0, 64).Select(_ => (float)random.Next(-128, 128)).ToArray();
        var block = samples.ToArray();

        ForwardDct.Transform(block);

        for (var v = 0; v < 8; v++)
        {
            for (var u = 0; u < 8; u++)
            {
                var expected = Reference(samples, u, v);
                var actual = block[(v * 8) + u] / (ForwardDct.ScaleFactors[v] * ForwardDct.ScaleFactors[u] * 8);
                Assert.Equal(expected, actual, 0.01);
            }
        }
    }

    // F(u,v) = 1/4 C(u) C(v) Σx Σy f(x,y) cos((2x+1)uπ/16) cos((2y+1)vπ/16), T.81 A.3.3.
    private static double Reference(float[] samples, int u, int v)
    {
        var sum = 0.0;
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                sum += samples[(y * 8) + x] * Math.Cos(((2 * x) + 1) * u * Math.PI / 16) * Math.Cos(((2 * y) + 1) * v * Math.PI / 16);
            }
        }

        var cu = u == 0 ? 1 / Math.Sqrt(2) : 1;
        var cv = v == 0 ? 1 / Math.Sqrt(2) : 1;
        return 0.25 * cu * cv * sum;
    }
}
