using MetadataExtractor;
using MetadataExtractor.Formats.Jpeg;
using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Providers;
using Pipeline.Tests.Support;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Tests.Execution;

/// <summary>One sandbox on loopback, shared by every protocol's run of the example campaign.</summary>
public sealed class SharedSandbox : IAsyncLifetime
{
    public const string Key = "fake-key-0123456789";

    public SandboxHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Harness = await SandboxHarness.StartAsync(o => o.RequiredKey = Key, ProviderKeys.Environment(Key));

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}

/// <summary>
/// The example campaign (manifests/example.yaml, 24 Ultra jobs) rendered, verified and audited end to end on every
/// provider protocol, each through the sandbox with <c>--provider X --base-url http://127.0.0.1:PORT</c>.
/// </summary>
public sealed class ProviderProtocolTests(SharedSandbox shared) : IClassFixture<SharedSandbox>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public static TheoryData<string> Protocols => [.. ProviderKeys.Protocols];

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task RunAsync_ExampleCampaignOnEachProtocol_24VerifiedImagesAuditedUnderThatProvider(string provider)
    {
        var sandbox = shared.Harness;

        var summary = await sandbox.RunAsync(Repo.Manifest("example.yaml"), _dir.Path, provider, sandbox.Server.BaseAddress);

        Assert.True(summary.AllVerified, string.Join("\n", summary.Outcomes.Select(o => $"{o.Status} {o.Detail}")));
        var folder = CampaignFolder.For(_dir.Path, "acme-spring");
        var rows = AuditReader.Read(folder.AuditPath);
        Assert.Equal(24, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.Equal(JobStatus.Succeeded, row.Status);
            Assert.Equal(provider, row.Provider);
            Assert.Equal("ok", row.Verification);
            Assert.False(row.Nsfw);
            var expected = ModelCatalog.UltraSize(row.AspectRatio!)!.Value;
            var jpeg = ImageMetadataReader.ReadMetadata(Path.Combine(folder.Root, row.File!)).OfType<JpegDirectory>().Single();
            Assert.Equal((expected.Width, expected.Height), (jpeg.GetImageWidth(), jpeg.GetImageHeight()));
            Assert.Equal((expected.Width, expected.Height), (row.Width, row.Height));
            Assert.Equal("jpeg", row.Format);
            Assert.Equal(0.07m, row.CostUsd);
            Assert.False(string.IsNullOrEmpty(row.RequestId));
            Assert.True(File.Exists(Path.Combine(folder.Root, row.File! + ".json")));
        });
        Assert.Equal(24, rows.Select(r => r.JobId).Distinct().Count());
        Assert.Equal(1.68m, summary.SpentUsd);
    }

    public void Dispose() => _dir.Dispose();
}
