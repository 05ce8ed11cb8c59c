using Pipeline.Domain;
using Pipeline.Imaging.Decoding;
using Pipeline.Tests.Imaging.Decoding;
using Pipeline.Tests.Support;
using Pipeline.Verification;

namespace Pipeline.Tests.Verification;

/// <summary>The run path's verdict on decoded bodies: orientation, declared types, WebP, blank policy, notes.</summary>
public sealed class DecodedVerifierTests
{
    [Fact]
    public void Check_ExifRotationTurnsTheRequestedShape_FailsSayingSo()
    {
        using var photo = CorpusImages.Photo(256, 144);
        var bytes = CorpusImages.WithOrientation(photo, 6);

        var verdict = Check(Some.SizedJob(256, 144), bytes, "image/jpeg");

        Assert.Equal(JobStatus.VerificationFailed, verdict.Status);
        Assert.Equal("orientation: EXIF 6 displays 144×256 (portrait), requested 256×144", verdict.AuditText);
    }

    [Fact]
    public void Check_ExifRotationThatDisplaysTheRequestedShape_PassesWithANote()
    {
        using var photo = CorpusImages.Photo(144, 256);
        var bytes = CorpusImages.WithOrientation(photo, 6);

        var verdict = Check(Some.SizedJob(256, 144), bytes, "image/jpeg");

        Assert.Equal(("ok", "EXIF orientation 6"), (verdict.AuditText, verdict.NoteText));
    }

    [Fact]
    public void Check_PngDeclaredAsJpeg_KeptWithANoteAndTheRealFormatChecked()
    {
        var png = DecodeCorpus.All["png-rgb"].Bytes;

        var asPng = Check(Some.SizedJob(256, 192) with { OutputFormat = "png" }, png, "image/jpeg");
        var asJpeg = Check(Some.SizedJob(256, 192), png, "image/jpeg");

        Assert.Equal(("ok", "declared image/jpeg, bytes are PNG"), (asPng.AuditText, asPng.NoteText));
        Assert.Equal("format png, expected jpeg", asJpeg.AuditText);
    }

    [Fact]
    public void Check_WebpWhenNotAllowed_FailsNamingTheFormat()
    {
        var webp = DecodeCorpus.All["webp-lossy"].Bytes;
        var decoded = ImageVerification.Decode(webp, "image/webp", TimeProvider.System, CancellationToken.None);

        var verdict = Verifier.Check(Some.SizedJob(decoded.Width!.Value, decoded.Height!.Value), decoded, webp.Length, "image/webp", VerifyPolicy.Default, nsfw: false);

        Assert.Equal("format webp, expected jpeg", verdict.AuditText);
    }

    [Theory]
    [InlineData("json-error", "format: declared image/png, bytes are JSON")]
    [InlineData("html-error-page", "format: declared image/jpeg, bytes are HTML")]
    [InlineData("empty-body", "empty body")]
    public void Check_BodyThatIsNoImage_FailsWithOnlyTheFormatReason(string name, string reason)
    {
        var corpus = DecodeCorpus.All[name];

        var verdict = Check(Some.SizedJob(256, 192), corpus.Bytes, corpus.ContentType);

        Assert.Equal((JobStatus.VerificationFailed, reason), (verdict.Status, verdict.AuditText));
    }

    [Theory]
    [InlineData(BlankPolicy.Fail, JobStatus.VerificationFailed, "blank (uniform #000000)", null)]
    [InlineData(BlankPolicy.Flag, JobStatus.Succeeded, "ok", "blank (uniform #000000)")]
    [InlineData(BlankPolicy.Allow, JobStatus.Succeeded, "ok", null)]
    public void Check_BlankImage_FollowsThePolicy(BlankPolicy policy, JobStatus status, string text, string? note)
    {
        var black = DecodeCorpus.All["jpeg-all-black"].Bytes;

        var verdict = Check(Some.SizedJob(256, 192), black, "image/jpeg", VerifyPolicy.Default with { Blank = policy });

        Assert.Equal((status, text, note), (verdict.Status, verdict.AuditText, verdict.NoteText));
    }

    [Fact]
    public void Check_TrailingBytes_PassesWithANote()
    {
        var verdict = Check(Some.SizedJob(256, 192), DecodeCorpus.All["jpeg-trailing-bytes"].Bytes, "image/jpeg");

        Assert.Equal(("ok", "4096 bytes after EOI"), (verdict.AuditText, verdict.NoteText));
    }

    private static Verdict Check(Job job, byte[] bytes, string? contentType, VerifyPolicy? policy = null)
    {
        var decoded = ImageVerification.Decode(bytes, contentType, TimeProvider.System, CancellationToken.None);
        return Verifier.Check(job, decoded, bytes.Length, contentType, policy ?? VerifyPolicy.Default, nsfw: false);
    }
}
