using Microsoft.Extensions.DependencyInjection;
using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Manifests;
using Pipeline.Providers;
using Pipeline.Providers.Catalog;
using Pipeline.Tests.Support;
using Pipeline.Domain;
using Pipeline.Records;

using Pipeline.Hosting;

namespace Pipeline.Tests.Execution;

/// <summary>
/// Fill jobs (image + mask files on the job) end to end through the sandbox on each protocol that serves
/// flux-pro-1.0-fill-finetuned. The manifest side that plans fill jobs is separate; here the jobs are built directly.
/// </summary>
public sealed class FillJobTests : IDisposable
{
    private const string Key = "fake-key-0123456789";
    private readonly TempDirectory _dir = new();

    [Theory]
    [InlineData("bfl")]
    [InlineData("cometapi")]
    [InlineData("fal")]
    public async Task RunAsync_FillJob_RenderedAtTheInputImagesSizeAndVerified(string provider)
    {
        await using var sandbox = await SandboxHarness.StartAsync(environment: ProviderKeys.Environment(Key));
        var image = _dir.File("in.png");
        var mask = _dir.File("mask.png");
        await File.WriteAllBytesAsync(image, TestImages.Png(320, 192));
        await File.WriteAllBytesAsync(mask, TestImages.Png(320, 192));
        var job = Some.FillJob(image, mask) with { Provider = provider };
        using var services = new ServiceCollection().AddPipelineEngine(ProviderKeys.Environment(Key)).BuildServiceProvider();
        var adapter = services.GetRequiredService<ProviderFactory>().Create(ProviderCatalog.Resolve(provider, sandbox.Server.BaseAddress, ProviderKeys.Environment(Key)));
        var folder = CampaignFolder.For(_dir.Path, "fill-" + provider);
        folder.Create();
        using var audit = AuditLog.Open(folder.AuditPath);
        using var ledger = Ledger.Open(folder.LedgerPath);
        var context = new RunContext("run-1", folder, VerifyPolicy.Default, "sha", audit, ledger, new Budget(null), new Dictionary<string, LedgerEntry>());
        var options = new ExecutorOptions { InitialServiceTime = TimeSpan.FromMilliseconds(60), MinPollInterval = TimeSpan.FromMilliseconds(20) };

        var summary = await new CampaignExecutor(adapter, services.GetRequiredService<ImageDownloader>(), options, TimeProvider.System)
            .RunAsync([job], 1, 0, context, null, CancellationToken.None, CancellationToken.None);

        var row = Assert.Single(summary.Outcomes);
        Assert.True(row.Status == JobStatus.Succeeded, row.Detail);
        Assert.Equal((320, 192), (row.Width, row.Height));
    }

    public void Dispose() => _dir.Dispose();
}
