using Pipeline.Sandbox.Faults;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Sandbox;

/// <summary>The damaged files against the clean one they came from.</summary>
public sealed class SampleDamageTests
{
    private static readonly byte[] Jpeg = TestImages.Jpeg(320, 240);
    private static readonly byte[] Png = TestImages.Png(320, 240);

    [Fact]
    public void CorruptScan_AnyJpeg_SameLengthAndOnlyBytesInTheSecondHalfOfTheScanDiffer()
    {
        var (start, end) = JpegDamage.Scan(Jpeg);

        var damaged = JpegDamage.CorruptScan(Jpeg);

        var changed = Enumerable.Range(0, Jpeg.Length).Where(i => damaged[i] != Jpeg[i]).ToList();
        Assert.Equal(Jpeg.Length, damaged.Length);
        Assert.Equal(JpegDamage.FlippedByteCount, changed.Count);
        Assert.All(changed, i => Assert.InRange(i, start + ((end - start) / 2), end - 1));
        Assert.All(changed, i => Assert.NotEqual(0xFF, damaged[i]));
        Assert.Equal(new byte[] { 0xFF, 0xD9 }, damaged[^2..]);
    }

    [Fact]
    public void TruncatedScan_AnyJpeg_HeadersAndHalfTheScanThenEoi()
    {
        var (start, end) = JpegDamage.Scan(Jpeg);

        var damaged = JpegDamage.TruncatedScan(Jpeg);

        Assert.InRange(damaged.Length, start + ((end - start) / 2) - 2, start + ((end - start) / 2) + 2);
        Assert.Equal(Jpeg[..(damaged.Length - 2)], damaged[..^2]);
        Assert.Equal(new byte[] { 0xFF, 0xD9 }, damaged[^2..]);
    }

    [Fact]
    public void JunkScan_AnyJpeg_HeadersThenJunkWithoutMarkersThenEoi()
    {
        var (start, _) = JpegDamage.Scan(Jpeg);

        var damaged = JpegDamage.JunkScan(Jpeg);

        Assert.Equal(start + JpegDamage.JunkByteCount + 2, damaged.Length);
        Assert.Equal(Jpeg[..start], damaged[..start]);
        Assert.DoesNotContain((byte)0xFF, damaged[start..^2]);
        Assert.Equal(new byte[] { 0xFF, 0xD9 }, damaged[^2..]);
    }

    [Fact]
    public void DamageIdat_AnyPng_OnlyIdatBytesAndItsCrcChange()
    {
        var damaged = PngDamage.DamageIdat(Png);

        var idats = PngDamage.Chunks(Png).Where(c => c.Type == "IDAT").ToList();
        var changed = Enumerable.Range(0, Png.Length).Where(i => damaged[i] != Png[i]).ToList();
        Assert.Equal(Png.Length, damaged.Length);
        Assert.InRange(changed.Count, PngDamage.DamagedByteCount, PngDamage.DamagedByteCount + 4);
        Assert.All(changed, i => Assert.Contains(idats, c => i >= c.DataOffset && i < c.DataOffset + c.Length + 4));
    }

    [Fact]
    public void Scan_NotAJpeg_Throws()
    {
        Assert.Throws<InvalidDataException>(() => JpegDamage.Scan(Png));
    }
}
