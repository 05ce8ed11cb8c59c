using Pipeline.Manifests;
using Pipeline.Tests.Support;
using Pipeline.Verification;

namespace Pipeline.Tests.Verification;

/// <summary>Each verification rule against real files on disk.</summary>
public sealed class VerifierTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Check_GoodUltraJpeg_Passes()
    {
        var facts = Inspect("good.jpg", TestImages.Jpeg(2752, 1536));

        var verdict = Verifier.Check(Some.UltraJob("16:9"), facts, VerifyPolicy.Default, nsfw: false);

        Assert.True(verdict.Passed);
        Assert.Equal("ok", verdict.AuditText);
        Assert.Equal(new ImageFacts("jpeg", 2752, 1536, true, facts.Length), facts);
    }

    [Fact]
    public void Check_WrongSizeForAspectRatio_FailsNamingBothSizes()
    {
        var facts = Inspect("small.jpg", TestImages.Jpeg(1024, 768));

        var verdict = Verifier.Check(Some.UltraJob("16:9"), facts, VerifyPolicy.Default, nsfw: false);

        Assert.False(verdict.Passed);
        Assert.Equal("size 1024x768, expected 2752x1536", verdict.AuditText);
    }

    [Fact]
    public void Check_TruncatedJpeg_FailsWithNoEoi()
    {
        var bytes = TestImages.Jpeg(1024, 768);
        var facts = Inspect("cut.jpg", bytes[..(bytes.Length / 2)]);

        var verdict = Verifier.Check(Some.SizedJob(1024, 768), facts, VerifyPolicy.Default, nsfw: false);

        Assert.Contains("truncated: no EOI", verdict.Problems);
    }

    [Fact]
    public void Check_TruncatedPng_FailsWithNoIend()
    {
        var bytes = TestImages.Png(256, 256);
        var facts = Inspect("cut.png", bytes[..^12]);

        var verdict = Verifier.Check(Some.SizedJob(256, 256) with { OutputFormat = "png" }, facts, VerifyPolicy.Default, nsfw: false);

        Assert.Contains("truncated: no IEND", verdict.Problems);
    }

    [Fact]
    public void Check_PngWhenJpegRequested_FailsOnFormat()
    {
        var facts = Inspect("labelled.jpg", TestImages.Png(1024, 768));

        var verdict = Verifier.Check(Some.SizedJob(1024, 768), facts, new VerifyPolicy(NsfwPolicy.Fail, ["jpeg"]), nsfw: false);

        Assert.Equal("png", facts.Format);
        Assert.Equal("format png, expected jpeg", verdict.AuditText);
    }

    [Fact]
    public void Check_NotAnImage_FailsAndSaysSo()
    {
        var facts = Inspect("page.jpg", "<html>AccessDenied</html>"u8.ToArray());

        var verdict = Verifier.Check(Some.UltraJob(), facts, VerifyPolicy.Default, nsfw: false);

        Assert.Contains("not a JPEG or PNG", verdict.Problems);
        Assert.Contains("pixel size unreadable", verdict.Problems);
    }

    [Fact]
    public void Check_EmptyFile_Fails() =>
        Assert.Contains("empty file", Verifier.Check(Some.UltraJob(), Inspect("empty.jpg", []), VerifyPolicy.Default, nsfw: false).Problems);

    [Theory]
    [InlineData(NsfwPolicy.Fail, false)]
    [InlineData(NsfwPolicy.Flag, true)]
    [InlineData(NsfwPolicy.Allow, true)]
    public void Check_NsfwFlaggedOutput_FollowsThePolicy(NsfwPolicy policy, bool passes)
    {
        var facts = Inspect("nsfw.jpg", TestImages.Jpeg(2048, 2048));

        var verdict = Verifier.Check(Some.UltraJob("1:1"), facts, new VerifyPolicy(policy, []), nsfw: true);

        Assert.Equal(passes, verdict.Passed);
    }

    private ImageFacts Inspect(string name, byte[] bytes)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return ImageInspector.Inspect(path);
    }

    public void Dispose() => _dir.Dispose();
}
