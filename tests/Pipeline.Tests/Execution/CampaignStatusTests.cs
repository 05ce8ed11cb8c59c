using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Providers;
using Pipeline.Tests.Support;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Tests.Execution;

public sealed class CampaignStatusTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Read_RunningCampaign_CountsDoneInFlightFailedSpendAndEta()
    {
        var folder = RunningCampaign();

        var status = CampaignStatus.Read(folder.Root, new ManualTimeProvider(Start.AddMinutes(5)));

        Assert.Equal((10, 4, 2, 1, 3), (status.Planned, status.Verified, status.InFlight, status.Failed, status.NotStarted));
        Assert.Equal((0.24m, 0.12m), (status.SpentUsd, status.InFlightUsd));
        var run = Assert.Single(status.Runs);
        Assert.Equal((ShardRunState.Running, 5), (run.State, run.Finished));
        Assert.Equal(1.0, status.JobsPerMinute!.Value, precision: 6);
        Assert.Equal(TimeSpan.FromMinutes(5), status.Eta);
    }

    [Fact]
    public void Read_LastLinesTornByAWriter_IgnoresThem()
    {
        var folder = RunningCampaign();
        File.AppendAllText(folder.AuditPath, "20261121T230000Z-ab12,abcdef0123456789,acme-spring,\"A kettle,\n on");
        File.AppendAllText(folder.LedgerPath, "{\"type\":\"submitted\",\"job\":\"ff");

        var status = CampaignStatus.Read(folder.Root, new ManualTimeProvider(Start.AddMinutes(5)));

        Assert.Equal((4, 2, 1), (status.Verified, status.InFlight, status.Failed));
    }

    [Fact]
    public void Read_RunWhoseProcessIsGone_SaysItDied()
    {
        var folder = RunningCampaign(processId: int.MaxValue);

        var status = CampaignStatus.Read(folder.Root, new ManualTimeProvider(Start.AddMinutes(5)));

        Assert.Equal(ShardRunState.Died, Assert.Single(status.Runs).State);
        Assert.Null(status.Eta);
    }

    [Fact]
    public void Read_NoSuchFolder_Throws() =>
        Assert.Throws<DirectoryNotFoundException>(() => CampaignStatus.Read(_dir.File("nope"), TimeProvider.System));

    /// <summary>10 planned: 4 verified, 1 failed, 2 in flight, 3 not started, 5 minutes into the run.</summary>
    private CampaignFolder RunningCampaign(int? processId = null)
    {
        var folder = CampaignFolder.For(_dir.Path, "acme-spring");
        folder.Create();
        File.WriteAllBytes(Path.Combine(folder.Root, "images", "x.jpg"), [1]);
        var runId = Some.Row().RunId;
        new RunRecord(runId, "1/1", 10, 10, 10, "bfl", processId ?? Environment.ProcessId, Environment.MachineName, Start).Write(folder.RunRecordPath);
        using var audit = AuditLog.Open(folder.AuditPath);
        using var ledger = Ledger.Open(folder.LedgerPath);
        for (var i = 0; i < 7; i++)
        {
            var job = $"{i:x16}";
            ledger.Submitted(job, new SubmittedTask($"req-{i}", new Uri($"http://127.0.0.1:1/poll/{i}"), 0.06m), Start.AddSeconds(i));
            if (i < 5)
            {
                var failed = i == 4;
                audit.Append(Some.Row(job, failed ? JobStatus.Failed : JobStatus.Succeeded) with { CostUsd = failed ? 0m : 0.06m, File = failed ? null : "images/x.jpg" });
                ledger.Settled(job, $"req-{i}", failed ? "failed" : "succeeded", failed ? 0m : 0.06m, Start.AddMinutes(1 + i));
            }
        }

        return folder;
    }

    public void Dispose() => _dir.Dispose();
}
