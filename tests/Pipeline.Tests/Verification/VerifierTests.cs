using System.Buffers.Binary;
using Pipeline.Audit;
using Pipeline.Manifests;
using Pipeline.Tests.Support;
using Pipeline.Verification;
using Pipeline.Domain;
using Pipeline.Imaging;

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
        Assert.Equal(JobStatus.Succeeded, verdict.Status);
        Assert.Equal(("jpeg", 2752, 1536, true), (facts.Format, facts.Width, facts.Height, facts.Complete));
        Assert.Empty(facts.Damage);
    }

    [Fact]
    public void Check_GoodSizedPng_Passes()
    {
        var facts = Inspect("good.png", TestImages.Png(1024, 768));

        var verdict = Verifier.Check(Some.SizedJob(1024, 768) with { OutputFormat = "png" }, facts, VerifyPolicy.Default, nsfw: false);

        Assert.True(verdict.Passed, verdict.AuditText);
        Assert.True(facts.Intact);
    }

    [Fact]
    public void Check_WrongSizeForAspectRatio_FailsNamingBothSizes()
    {
        var facts = Inspect("small.jpg", TestImages.Jpeg(1024, 768));

        var verdict = Verifier.Check(Some.UltraJob("16:9"), facts, VerifyPolicy.Default, nsfw: false);

        Assert.False(verdict.Passed);
        Assert.Equal("size 1024x768, expected 2752x1536", verdict.AuditText);
        Assert.Equal(JobStatus.VerificationFailed, verdict.Status);
    }

    [Fact]
    public void Check_RatioWithoutAPublishedSize_PassesAMasterThatFitsTheRule()
    {
        var facts = Inspect("portrait.jpg", TestImages.Jpeg(1824, 2304));

        var verdict = Verifier.Check(Some.UltraJob("4:5"), facts, VerifyPolicy.Default, nsfw: false);

        Assert.True(verdict.Passed, verdict.AuditText);
    }

    [Theory]
    [InlineData(1440, 1792, "size 1440x1792, expected 4:5 by rule: 2.58 MP, outside 3.9-4.3 MP")]
    [InlineData(2048, 2048, "size 2048x2048, expected 4:5 by rule: not 4:5 within 32 px a side")]
    [InlineData(2304, 1824, "size 2304x1824, expected 4:5 by rule: not 4:5 within 32 px a side")]
    public void Check_RatioWithoutAPublishedSize_FailsAWrongMasterSayingWhichRule(int width, int height, string reason)
    {
        var facts = Inspect("portrait.jpg", TestImages.Jpeg(width, height));

        var verdict = Verifier.Check(Some.UltraJob("4:5"), facts, VerifyPolicy.Default, nsfw: false);

        Assert.Equal(reason, verdict.AuditText);
        Assert.Equal(JobStatus.VerificationFailed, verdict.Status);
    }

    [Fact]
    public void Check_TableRatio_StaysExactThoughTheRuleWouldPassIt()
    {
        var facts = Inspect("wide.jpg", TestImages.Jpeg(2720, 1536));

        var verdict = Verifier.Check(Some.UltraJob("16:9"), facts, VerifyPolicy.Default, nsfw: false);

        Assert.Equal("size 2720x1536, expected 2752x1536", verdict.AuditText);
    }

    [Fact]
    public void Check_WrongExactSizeForSizedModel_Fails()
    {
        var facts = Inspect("sized.jpg", TestImages.Jpeg(1024, 768));

        var verdict = Verifier.Check(Some.SizedJob(768, 1024), facts, VerifyPolicy.Default, nsfw: false);

        Assert.Equal("size 1024x768, expected 768x1024", verdict.AuditText);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(15, false)]
    [InlineData(16, true)]
    public void Check_SizeWithinTolerance_PassesOnlyWhenEverySideFits(int tolerance, bool passes)
    {
        var facts = Inspect("near.jpg", TestImages.Jpeg(1040, 760));

        var verdict = Verifier.Check(new VerifyInput(Some.SizedJob(1024, 768), facts, Nsfw: false), VerificationRules.Default with { SizeTolerancePx = tolerance });

        Assert.Equal(passes, verdict.Passed);
        if (!passes && tolerance > 0)
        {
            Assert.Equal($"size 1040x760, expected 1024x768 ±{tolerance}px", verdict.AuditText);
        }
    }

    [Fact]
    public void Check_FillOutput_FollowsTheInputSizeWithSnapTolerance()
    {
        var fill = Some.UltraJob() with { Model = "flux-pro-1.0-fill-finetuned", AspectRatio = null };
        var snapped = Inspect("fill.jpg", TestImages.Jpeg(1024, 768));

        Assert.True(Verifier.Check(new VerifyInput(fill, snapped, false, FillInputSize: new ImageSize(1000, 750)), VerificationRules.Default).Passed);
        Assert.Equal(
            "size 1024x768, expected 512x512 ±31px",
            Verifier.Check(new VerifyInput(fill, snapped, false, FillInputSize: new ImageSize(512, 512)), VerificationRules.Default).AuditText);
        Assert.True(Verifier.Check(new VerifyInput(fill, snapped, false), VerificationRules.Default).Passed); // input size unknown: no size rule
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
    public void Check_JpegCutInsideItsHeader_FailsOnTheHeader()
    {
        var bytes = TestImages.Jpeg(1024, 768);
        var facts = Inspect("stub.jpg", bytes[..300]);

        var verdict = Verifier.Check(Some.SizedJob(1024, 768), facts, VerifyPolicy.Default, nsfw: false);

        Assert.Contains("truncated: header cut short", verdict.Problems);
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
    public void Check_PngCutMidChunkButEndingInIendBytes_FailsOnTheCutChunk()
    {
        var bytes = TestImages.Png(256, 256);
        var iend = bytes[^12..];
        var facts = Inspect("spliced.png", [.. bytes[..(bytes.Length / 2)], .. iend]);

        var verdict = Verifier.Check(Some.SizedJob(256, 256) with { OutputFormat = "png" }, facts, VerifyPolicy.Default, nsfw: false);

        Assert.True(facts.Complete);
        Assert.Contains(verdict.Problems, p => p.StartsWith("truncated: IDAT chunk at byte 33", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_PngWithCorruptChunkCrc_FailsNamingTheChunk()
    {
        var bytes = TestImages.Png(256, 256);
        // IDAT data starts at 8 (signature) + 25 (IHDR chunk) + 8 (IDAT length and type): flip one pixel byte.
        bytes[8 + 25 + 8 + 100] ^= 0x01;
        var facts = Inspect("flipped.png", bytes);

        var verdict = Verifier.Check(Some.SizedJob(256, 256) with { OutputFormat = "png" }, facts, VerifyPolicy.Default, nsfw: false);

        Assert.True(facts.Complete);
        Assert.Equal("CRC mismatch in IDAT chunk at byte 33", verdict.AuditText);
    }

    [Fact]
    public void Check_PngWithCorruptIhdrCrc_Fails()
    {
        var bytes = TestImages.Png(256, 256);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8 + 8 + 13), 0xDEADBEEF);

        var verdict = Verifier.Check(Some.SizedJob(256, 256) with { OutputFormat = "png" }, Inspect("ihdr.png", bytes), VerifyPolicy.Default, nsfw: false);

        Assert.Contains("CRC mismatch in IHDR chunk at byte 8", verdict.Problems);
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
    public void Check_PngAllowedButJpegRequested_FailsAsNotWhatWasRequested()
    {
        var facts = Inspect("other.png", TestImages.Png(1024, 768));

        var verdict = Verifier.Check(Some.SizedJob(1024, 768), facts, new VerifyPolicy(NsfwPolicy.Fail, ["jpeg", "png"]), nsfw: false);

        Assert.Equal("format png, requested jpeg", verdict.AuditText);
    }

    [Fact]
    public void Check_MislabeledContentType_FailsNamingBoth()
    {
        var facts = Inspect("mislabeled.png", TestImages.Jpeg(1024, 768));

        var verdict = Verifier.Check(new VerifyInput(Some.SizedJob(1024, 768), facts, Nsfw: false, DeclaredFormat: "png"), VerificationRules.Default);

        Assert.Equal("content is jpeg but declared png", verdict.AuditText);
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
    [InlineData(NsfwPolicy.Fail, false, "nsfw")]
    [InlineData(NsfwPolicy.Flag, true, "ok")]
    [InlineData(NsfwPolicy.Allow, true, "ok")]
    public void Check_NsfwFlaggedOutput_FollowsThePolicy(NsfwPolicy policy, bool passes, string audit)
    {
        var facts = Inspect("nsfw.jpg", TestImages.Jpeg(2048, 2048));

        var verdict = Verifier.Check(Some.UltraJob("1:1"), facts, new VerifyPolicy(policy, []), nsfw: true);

        Assert.Equal(passes, verdict.Passed);
        Assert.Equal(audit, verdict.AuditText);
        Assert.Equal(passes ? JobStatus.Succeeded : JobStatus.NsfwFlagged, verdict.Status);
    }

    [Fact]
    public void Check_NsfwAndDamaged_ListsBoth()
    {
        var bytes = TestImages.Jpeg(2048, 2048);

        var verdict = Verifier.Check(Some.UltraJob("1:1"), Inspect("both.jpg", bytes[..^2]), VerifyPolicy.Default, nsfw: true);

        Assert.Equal("truncated: no EOI;nsfw", verdict.AuditText);
        Assert.Equal(JobStatus.VerificationFailed, verdict.Status);
    }

    [Fact]
    public void Rules_NegativeToleranceAndUnknownFormat_ReportsBoth()
    {
        var errors = new VerificationRules(NsfwPolicy.Fail, ["gif"], -1).Validate();

        Assert.Equal(2, errors.Count);
    }

    private ImageFacts Inspect(string name, byte[] bytes)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return ImageInspector.Inspect(path);
    }

    public void Dispose() => _dir.Dispose();
}
