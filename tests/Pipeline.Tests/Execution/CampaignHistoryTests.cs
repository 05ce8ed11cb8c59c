using Pipeline.Domain;
using Pipeline.Execution;
using Pipeline.Records;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Execution;

/// <summary>
/// One read of the logs per run: the budget preflight's history is reused by the run only while it is still true
/// (docs/architecture.md#45-a-rerun-of-a-finished-campaign).
/// </summary>
public sealed class CampaignHistoryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task RunAsync_KeptFileDeletedAfterPrepare_RendersItAgain()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("gone", ["kettle"], seeds: "[1, 2]"));
        await sandbox.RunAsync(manifest, _dir.Path);
        var prepared = sandbox.Runner.Prepare(new RunRequest(manifest, _dir.Path, MaxCostUsd: 10m));
        var folder = prepared.Folder;
        var victim = AuditReader.Read(folder.AuditPath)[0];
        File.Delete(Path.Combine(folder.Root, victim.File!));

        var summary = await sandbox.Runner.RunAsync(prepared, null, CancellationToken.None);

        Assert.NotNull(prepared.History);
        Assert.Equal(1, summary.AlreadyDone);
        Assert.Equal(victim.JobId, Assert.Single(summary.Damaged).Row.JobId);
        Assert.Equal(JobStatus.Succeeded, Assert.Single(summary.Outcomes).Status);
        Assert.True(File.Exists(Path.Combine(folder.Root, victim.File!)));
    }

    [Fact]
    public async Task Refresh_AuditAppendedAfterPrepare_ReadsTheLogAgain()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("appended", ["kettle"], seeds: "[1, 2]"));
        await sandbox.RunAsync(manifest, _dir.Path);
        var prepared = sandbox.Runner.Prepare(new RunRequest(manifest, _dir.Path, MaxCostUsd: 10m));
        var folder = prepared.Folder;
        var lines = File.ReadAllLines(folder.AuditPath);
        File.AppendAllText(folder.AuditPath, lines[^1].Replace(",succeeded,", ",failed,", StringComparison.Ordinal) + "\n");

        var history = prepared.History!.Refresh(folder, prepared.Provider, CancellationToken.None);

        Assert.Equal(2, prepared.History.Verified.Count);
        Assert.Single(history.Verified);
    }

    public void Dispose() => _dir.Dispose();
}
