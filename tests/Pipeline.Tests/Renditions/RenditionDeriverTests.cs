using Pipeline.Records;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace Pipeline.Tests.Renditions;

/// <summary>Geometry, formats and <c>max_bytes</c> of derived renditions, read back from the files.</summary>
public sealed class RenditionDeriverTests : IDisposable
{
    private readonly RenditionCampaign _campaign = new();

    [Theory]
    [InlineData("jpeg", 1080, 1350, ".jpg")]
    [InlineData("png", 640, 480, ".png")]
    [InlineData("webp", 320, 320, ".webp")]
    public async Task Derive_EachFormat_FileDecodesAtTheExactSizeAndFormat(string format, int width, int height, string extension)
    {
        var spec = RenditionCampaign.Spec(width: width, height: height, format: format);

        var tally = await _campaign.DeriveAsync(spec);

        var path = _campaign.PathOf(spec);
        Assert.Equal(extension, Path.GetExtension(path));
        var info = Image.Identify(File.ReadAllBytes(path), out var detected);
        Assert.Equal((width, height), (info.Width, info.Height));
        Assert.Equal(format switch { "jpeg" => JpegFormat.Instance.Name, "png" => PngFormat.Instance.Name, _ => WebpFormat.Instance.Name }, detected.Name);
        var row = Assert.Single(_campaign.Rows());
        Assert.Equal((RenditionRow.Succeeded, format, width, height, new FileInfo(path).Length), (row.Status, row.Format, row.Width!.Value, row.Height!.Value, row.Bytes!.Value));
        Assert.Equal(1, tally.Derived);
    }

    [Fact]
    public async Task Derive_CoverGravityTop_KeepsTheTopRows()
    {
        var spec = RenditionCampaign.Spec(gravity: "top");

        await _campaign.DeriveAsync(spec);

        using var image = _campaign.Load(spec);
        Assert.Equal(new Rgb24(255, 0, 0), image[50, 0]);
        Assert.Equal(new Rgb24(255, 0, 0), image[50, 95]);
    }

    [Fact]
    public async Task Derive_CoverGravityBottom_KeepsTheBottomRows()
    {
        var spec = RenditionCampaign.Spec(gravity: "bottom");

        await _campaign.DeriveAsync(spec);

        using var image = _campaign.Load(spec);
        Assert.Equal(new Rgb24(0, 0, 255), image[50, 4]);
        Assert.Equal(new Rgb24(0, 0, 255), image[50, 99]);
    }

    [Fact]
    public async Task Derive_Contain_FitsInsideAndPadsWithTheBackground()
    {
        var spec = RenditionCampaign.Spec(width: 200, height: 100, fit: "contain", background: "#00ff00");

        await _campaign.DeriveAsync(spec);

        using var image = _campaign.Load(spec);
        Assert.Equal((200, 100), (image.Width, image.Height));
        Assert.Equal(new Rgb24(0, 255, 0), image[2, 50]);
        Assert.Equal(new Rgb24(0, 255, 0), image[197, 50]);
        Assert.Equal(new Rgb24(255, 0, 0), image[100, 10]);
        Assert.Equal(new Rgb24(0, 0, 255), image[100, 90]);
    }

    [Fact]
    public async Task Derive_WidthOnly_KeepsTheMastersRatio()
    {
        var spec = RenditionCampaign.Spec(width: 50, height: null);

        await _campaign.DeriveAsync(spec);

        using var image = _campaign.Load(spec);
        Assert.Equal((50, 100), (image.Width, image.Height));
    }

    [Fact]
    public async Task Derive_MaxBytesWithinReach_LowersTheQualityUntilItFits()
    {
        using var busy = new RenditionCampaign(800, 800, Noise);
        var loose = RenditionCampaign.Spec("loose", 800, 800, format: "jpeg", quality: 95);
        await busy.DeriveAsync(loose);
        var full = new FileInfo(busy.PathOf(loose)).Length;
        var tight = RenditionCampaign.Spec("tight", 800, 800, format: "jpeg", quality: 95, maxBytes: full * 2 / 3);

        var tally = await busy.DeriveAsync(loose, tight);

        var row = busy.Rows()[^1];
        Assert.Equal((RenditionRow.Succeeded, "tight"), (row.Status, row.Rendition));
        Assert.True(new FileInfo(busy.PathOf(tight)).Length <= full * 2 / 3);
        Assert.Contains("lowered from 95 to fit max_bytes", row.Detail, StringComparison.Ordinal);
        Assert.Equal((1, 1, 0), (tally.Derived, tally.Current, tally.Failed));
    }

    [Fact]
    public async Task Derive_MaxBytesOutOfReach_VerificationFailedAndNoFile()
    {
        var spec = RenditionCampaign.Spec(width: 400, height: 400, format: "jpeg", maxBytes: 100);

        var tally = await _campaign.DeriveAsync(spec);

        var row = Assert.Single(_campaign.Rows());
        Assert.Equal(RenditionRow.VerificationFailed, row.Status);
        Assert.Contains("max_bytes", row.Detail, StringComparison.Ordinal);
        Assert.Null(row.File);
        Assert.False(File.Exists(_campaign.PathOf(spec)));
        Assert.Equal(1, tally.Failed);
    }

    [Fact]
    public async Task Derive_Jpeg_EmbedsTheMastersRecordAndTheSpec()
    {
        var spec = RenditionCampaign.Spec(format: "jpeg");

        await _campaign.DeriveAsync(spec);

        var embedded = Provenance.Read(_campaign.PathOf(spec));
        Assert.True(embedded.SourceIntact);
        Assert.Equal(RenditionCampaign.JobId, embedded.Record!.Sidecar.JobId);
        var sidecar = File.ReadAllText(_campaign.PathOf(spec) + ".json");
        Assert.Contains("\"rendition\"", sidecar, StringComparison.Ordinal);
        Assert.Contains(_campaign.Rows().Single().Sha256!, sidecar, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Derive_WebpThenJpegOfOneGeometry_JpegIsTheFileDerivedAlone()
    {
        var webp = RenditionCampaign.Spec("hero-webp", format: "webp");
        var jpeg = RenditionCampaign.Spec("hero-jpeg", format: "jpeg");
        var contain = RenditionCampaign.Spec("hero-contain", fit: "contain", format: "jpeg");
        using var alone = new RenditionCampaign();
        await alone.DeriveAsync(jpeg);

        var tally = await _campaign.DeriveAsync(webp, jpeg, contain);

        Assert.Equal(3, tally.Derived);
        Assert.Equal(File.ReadAllBytes(alone.PathOf(jpeg)), File.ReadAllBytes(_campaign.PathOf(jpeg)));
        using var covered = _campaign.Load(jpeg);
        using var contained = _campaign.Load(contain);
        Assert.NotEqual(covered[2, 25], contained[2, 25]); // contain pads the sides with white; cover keeps red there
    }

    public void Dispose() => _campaign.Dispose();

    private static void Noise(Image<Rgb24> image)
    {
        var random = new Random(7);
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                image[x, y] = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
            }
        }
    }
}
