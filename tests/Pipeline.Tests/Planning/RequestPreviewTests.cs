using System.Text.Json.Nodes;
using Pipeline.Planning;
using Pipeline.Providers;
using Pipeline.Tests.Support;
using Pipeline.Domain;

namespace Pipeline.Tests.Planning;

/// <summary>The BFL body of fill jobs (image and mask inline as base64) and its record in the lock.</summary>
public sealed class RequestPreviewTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void For_FillJob_SendsTheImageAndMaskAsBase64()
    {
        var job = FillJob();
        var body = Body(job);

        Assert.Equal(Convert.ToBase64String(File.ReadAllBytes(job.ImagePath!)), (string)body["image"]!);
        Assert.Equal(Convert.ToBase64String(File.ReadAllBytes(job.MaskPath!)), (string)body["mask"]!);
        Assert.False(body.ContainsKey("aspect_ratio"));
    }

    [Fact]
    public void For_UltraJob_SendsNoInputImage()
    {
        var body = Body(Some.UltraJob());

        Assert.False(body.ContainsKey("image"));
        Assert.False(body.ContainsKey("mask"));
    }

    [Fact]
    public void For_FillJobInTheLock_RecordsTheFilesHashesNotTheirBytes()
    {
        var job = FillJob();

        var (protocol, body) = RequestPreview.For(job)!.Value;

        Assert.Equal("bfl", protocol);
        Assert.Equal("sha256:" + JobIdentity.FileSha256(job.ImagePath), (string)body["image"]!);
        Assert.Equal("sha256:" + JobIdentity.FileSha256(job.MaskPath), (string)body["mask"]!);
    }

    [Fact]
    public void For_FalFillJob_RecordsTheHashesUnderFalsFieldNames()
    {
        var (protocol, body) = RequestPreview.For(FillJob() with { Provider = "fal" })!.Value;

        Assert.Equal("fal", protocol);
        Assert.StartsWith("sha256:", (string)body["image_url"]!, StringComparison.Ordinal);
        Assert.StartsWith("sha256:", (string)body["mask_url"]!, StringComparison.Ordinal);
        Assert.Equal("2", (string)body["safety_tolerance"]!);
    }

    [Fact]
    public void For_JobTheProviderCannotSend_HasNoPreview()
    {
        Assert.Null(RequestPreview.For(Some.SizedJob() with { Provider = "fal" }));
    }

    /// <summary>The body the BFL adapter sends (the preview with the files' bytes, as <c>BflRequest.Body</c> builds it).</summary>
    private static JsonObject Body(Job job) => Pipeline.Providers.Bfl.BflRequest.Body(job);

    private Job FillJob()
    {
        File.WriteAllBytes(_dir.File("image.png"), TestImages.Png(64, 64));
        File.WriteAllBytes(_dir.File("mask.png"), TestImages.Jpeg(64, 64));
        return Some.UltraJob() with { Model = "flux-pro-1.0-fill-finetuned", AspectRatio = null, ImagePath = _dir.File("image.png"), MaskPath = _dir.File("mask.png") };
    }

    public void Dispose() => _dir.Dispose();
}
