using Pipeline.Audit;
using Pipeline.Tests.Support;
using Pipeline.Verification;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Tests.Records;

/// <summary>A crash that tore the last audit row, then a rerun: nothing complete is lost and the torn job is rendered again.</summary>
public sealed class TornAuditRerunTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Rerun_AfterTheLastRowWasCutInHalf_KeepsTheOthersRedoesThatJobAndVerifies()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var bytes = File.ReadAllBytes(folder.AuditPath);
        var lastRowStart = Array.LastIndexOf(bytes, (byte)'\n', bytes.Length - 2) + 1;
        var cut = lastRowStart + ((bytes.Length - lastRowStart) / 2);
        File.WriteAllBytes(folder.AuditPath, bytes[..cut]);
        var before = AuditReader.Read(folder.AuditPath);
        Assert.Equal(23, before.Count);

        await using var sandbox = await SandboxHarness.StartAsync();
        var summary = await sandbox.RunAsync(Repo.Manifest("example.yaml"), _dir.Path);

        Assert.Equal((23, 1), (summary.AlreadyDone, summary.Outcomes.Count));
        var after = AuditReader.Read(folder.AuditPath);
        Assert.Equal(before, after.Take(23));
        Assert.Equal(24, after.Select(r => r.JobId).Distinct().Count());
        var torn = Assert.Single(Directory.GetFiles(folder.Root, "audit.csv.torn-*"));
        Assert.Equal(bytes[lastRowStart..cut], File.ReadAllBytes(torn));
        Assert.True(CampaignVerifier.Run(folder).Passed);
    }

    public void Dispose() => _dir.Dispose();
}
