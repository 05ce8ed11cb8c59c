using Pipeline.Imaging.Decoding;

namespace Pipeline.Tests.Imaging.Decoding;

public sealed class ImageDecodeCheckTests
{
    [Theory]
    [MemberData(nameof(DecodeCorpus.Names), MemberType = typeof(DecodeCorpus))]
    public void Check_CorpusCase_GivesExpectedVerdict(string name)
    {
        var corpus = DecodeCorpus.All[name];

        var verdict = ImageDecodeCheck.Check(corpus.Bytes, corpus.ContentType, DecodeLimits.Default, CancellationToken.None);

        Assert.True(verdict.Ok == corpus.Ok, $"{name}: {verdict.Describe()}");
        Assert.StartsWith(corpus.Expected, verdict.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_TrailingBytesAfterJpeg_ReportsWhereTheImageEnds()
    {
        var corpus = DecodeCorpus.All["jpeg-trailing-bytes"];

        var verdict = ImageDecodeCheck.Check(corpus.Bytes, "image/jpeg", DecodeLimits.Default, CancellationToken.None);

        Assert.Equal(corpus.Bytes.Length - 4096, verdict.EndOffset);
        Assert.Equal(4096, verdict.TrailingBytes);
        Assert.Equal(BodyKind.Jpeg, verdict.Format);
        Assert.Equal((256, 192), (verdict.Width, verdict.Height));
    }

    [Fact]
    public void Check_ZeroTimeout_ReportsTimeout()
    {
        var limits = DecodeLimits.Default with { Timeout = TimeSpan.Zero };

        var verdict = ImageDecodeCheck.Check(DecodeCorpus.All["jpeg-baseline-420"].Bytes, "image/jpeg", limits, CancellationToken.None);

        Assert.False(verdict.Ok);
        Assert.StartsWith("timeout:", verdict.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_CallerCancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(
            () => ImageDecodeCheck.Check(DecodeCorpus.All["jpeg-baseline-420"].Bytes, "image/jpeg", DecodeLimits.Default, cts.Token));
    }

    [Fact]
    public void Check_DeclaredTypeMismatchAllowed_AcceptsTheImage()
    {
        var limits = DecodeLimits.Default with { RequireDeclaredFormat = false };

        var verdict = ImageDecodeCheck.Check(DecodeCorpus.All["png-rgb"].Bytes, "image/jpeg", limits, CancellationToken.None);

        Assert.True(verdict.Ok, verdict.Describe());
        Assert.Equal(BodyKind.Png, verdict.Format);
    }

    [Fact]
    public void Check_SmallBufferLimit_ReportsTooLarge()
    {
        var limits = DecodeLimits.Default with { MaxBufferMegabytes = 1 };
        using var photo = CorpusImages.Photo(1024, 768);

        var verdict = ImageDecodeCheck.Check(CorpusImages.Jpeg(photo), "image/jpeg", limits, CancellationToken.None);

        Assert.Equal("too large: decoding needs a buffer over 1 MB", verdict.Problem);
    }
}
