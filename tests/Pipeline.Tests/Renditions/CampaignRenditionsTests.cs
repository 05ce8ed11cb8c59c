using Pipeline.Records;

namespace Pipeline.Tests.Renditions;

/// <summary>The content address (spec + master SHA-256): reruns derive only what is missing, damaged or changed.</summary>
public sealed class CampaignRenditionsTests : IDisposable
{
    private readonly RenditionCampaign _campaign = new();

    [Fact]
    public async Task DeriveAsync_Rerun_DerivesNothing()
    {
        var square = RenditionCampaign.Spec("square");
        var hero = RenditionCampaign.Spec("hero", width: 64, height: null, format: "webp");
        await _campaign.DeriveAsync(square, hero);
        var written = File.GetLastWriteTimeUtc(_campaign.PathOf(square));

        var tally = await _campaign.DeriveAsync(square, hero);

        Assert.Equal((0, 2, 0), (tally.Derived, tally.Current, tally.Failed));
        Assert.Equal(2, _campaign.Rows().Count);
        Assert.Equal(written, File.GetLastWriteTimeUtc(_campaign.PathOf(square)));
    }

    [Fact]
    public async Task DeriveAsync_DamagedRendition_DerivesItAgain()
    {
        var square = RenditionCampaign.Spec("square");
        var hero = RenditionCampaign.Spec("hero", width: 64, height: null, format: "jpeg");
        await _campaign.DeriveAsync(square, hero);
        var path = _campaign.PathOf(square);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xff;
        File.WriteAllBytes(path, bytes);

        var tally = await _campaign.DeriveAsync(square, hero);

        Assert.Equal((1, 1, 0), (tally.Derived, tally.Current, tally.Failed));
        var latest = _campaign.Rows()[^1];
        Assert.Equal(("square", RenditionRow.Succeeded), (latest.Rendition, latest.Status));
        Assert.Equal(latest.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))));
    }

    [Fact]
    public async Task DeriveAsync_DeletedRendition_DerivesItAgain()
    {
        var square = RenditionCampaign.Spec("square");
        await _campaign.DeriveAsync(square);
        File.Delete(_campaign.PathOf(square));

        var tally = await _campaign.DeriveAsync(square);

        Assert.Equal(1, tally.Derived);
        Assert.True(File.Exists(_campaign.PathOf(square)));
    }

    [Fact]
    public async Task DeriveAsync_OneSpecChanged_DerivesOnlyThatRendition()
    {
        var square = RenditionCampaign.Spec("square");
        var hero = RenditionCampaign.Spec("hero", width: 64, height: null, format: "jpeg");
        await _campaign.DeriveAsync(square, hero);
        var heroWritten = File.GetLastWriteTimeUtc(_campaign.PathOf(hero));

        var tally = await _campaign.DeriveAsync(square with { Gravity = "top" }, hero);

        Assert.Equal((1, 1, 0), (tally.Derived, tally.Current, tally.Failed));
        Assert.Equal("square", _campaign.Rows()[^1].Rendition);
        Assert.Equal(heroWritten, File.GetLastWriteTimeUtc(_campaign.PathOf(hero)));
        Assert.NotEqual(_campaign.Rows()[0].Key, _campaign.Rows()[^1].Key);
    }

    [Fact]
    public async Task DeriveAsync_SpecRemoved_LeavesItsFilesAlone()
    {
        var square = RenditionCampaign.Spec("square");
        var hero = RenditionCampaign.Spec("hero", width: 64, height: null, format: "png");
        await _campaign.DeriveAsync(square, hero);

        var tally = await _campaign.DeriveAsync(square);

        Assert.Equal((0, 1, 0), (tally.Derived, tally.Current, tally.Failed));
        Assert.True(File.Exists(_campaign.PathOf(hero)));
        Assert.True(File.Exists(_campaign.PathOf(hero) + ".json"));
    }

    [Fact]
    public void KeyFor_SameSpecWrittenWithDefaults_IsTheSameAddress()
    {
        var spelled = RenditionCampaign.Spec("square", format: "jpeg", quality: 85);
        var defaulted = RenditionCampaign.Spec("square", format: "jpeg");

        Assert.Equal(spelled.KeyFor("ab"), defaulted.KeyFor("AB"));
        Assert.NotEqual(spelled.KeyFor("ab"), spelled.KeyFor("cd"));
        Assert.NotEqual(spelled.KeyFor("ab"), (spelled with { Quality = 84 }).KeyFor("ab"));
    }

    public void Dispose() => _campaign.Dispose();
}
