using Pipeline.Execution;
using Pipeline.Sandbox;
using Pipeline.Tests.Support;
using Pipeline.Records;

namespace Pipeline.Tests.Cli;

/// <summary><c>pipeline serve</c> as a user and a container runtime see it: exit codes, SIGTERM, restart.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private static readonly Dictionary<string, string> Key = new() { ["BFL_API_KEY"] = "test-key-123" };
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Serve_InvalidSchedulesFile_Exits2WithLocationsAndWritesNothing()
    {
        var schedules = _dir.Write("s.yaml", "version: 1\nschedules:\n  - manifest: nope.yaml\n    cron: every day\n");

        var (exit, _, error) = await CliRunner.RunAsync("serve", schedules, "--output", _dir.File("out"));

        Assert.Equal(2, exit);
        Assert.Contains("s.yaml:3:15: schedules[0].manifest: manifest 'nope.yaml' not found", error, StringComparison.Ordinal);
        Assert.Contains("s.yaml:4:11: schedules[0].cron: invalid cron 'every day'", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.File("out")));
    }

    [Fact]
    public async Task Serve_ScheduledManifestInvalid_Exits2NamingTheEntryAndTheManifestError()
    {
        _dir.Write("bad.yaml", "version: 1\ncampaign: bad\ncolour: red\n");
        var schedules = _dir.Write("s.yaml", "version: 1\nschedules:\n  - name: broken\n    manifest: bad.yaml\n    cron: '@daily'\n");

        var (exit, _, error) = await CliRunner.RunAsync("serve", schedules, "--output", _dir.File("out"));

        Assert.Equal(2, exit);
        Assert.Contains("schedule 'broken'", error, StringComparison.Ordinal);
        Assert.Contains("bad.yaml:3:1: colour: unknown key 'colour'", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.File("out")));
    }

    [Fact]
    public async Task Serve_SigtermMidRunThenRestart_DrainsExits130AndTheRestartCompletesWithNoJobAcceptedTwice()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Latency = TimeSpan.FromSeconds(1.5) }, CancellationToken.None);
        _dir.Write("m.yaml", TestManifests.Small("served", prompts: 4, seeds: 10, limits: "{concurrency: 8}"));
        var output = _dir.File("out");
        var folder = CampaignFolder.For(output, "served");

        // First start: fires within a second (Quartz syntax, every second), provider and URL from the entry.
        using (var first = CliProcess.Start(Key, "serve", Schedules("* * * * * ?", server), "--output", output))
        {
            await CliProcess.WaitUntilAsync(() => Submitted(folder) >= 8, TimeSpan.FromSeconds(60));
            first.Terminate();
            Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(50)) == 130, first.Output);
            Assert.Contains("interrupted; it resumes at the next start", first.Output, StringComparison.Ordinal);
        }

        Assert.Empty(Ledger.Replay(Ledger.Read(folder.LedgerPath)).InFlight);
        Assert.Equal(RunRecord.InterruptedOutcome, RunRecord.Read(folder.RunRecordPath)!.Outcome);
        Assert.InRange(server.Stats.SubmissionsAccepted, 8, 39);

        // Second start: the schedule would not fire for a year; the unfinished run resumes at once.
        using (var second = CliProcess.Start(Key, "serve", Schedules("@yearly", server), "--output", output))
        {
            await CliProcess.WaitUntilAsync(() => Succeeded(folder) == 40, TimeSpan.FromSeconds(90));
            await CliProcess.WaitUntilAsync(() => RunRecord.Read(folder.RunRecordPath)?.Outcome == RunRecord.CompletedOutcome, TimeSpan.FromSeconds(30));
            second.Terminate();
            Assert.True(await second.WaitAsync(TimeSpan.FromSeconds(50)) == 0, second.Output);
            Assert.Contains("resuming served", second.Output, StringComparison.Ordinal);
        }

        Assert.Equal(40, server.Stats.SubmissionsAccepted);
        Assert.All(server.Stats.AcceptedByFingerprint.Values, count => Assert.Equal(1, count));
        Assert.True(Directory.EnumerateFiles(Path.Combine(output, "logs"), "pipeline-*.jsonl").Any(), "serve writes its JSON log under <output>/logs");
    }

    private string Schedules(string cron, SandboxServer server) => _dir.Write($"schedules-{Guid.NewGuid():N}.yaml", $"""
        version: 1
        schedules:
          - name: served-entry
            manifest: m.yaml
            cron: "{cron}"
            provider: bfl
            base_url: {server.BaseAddress.AbsoluteUri}
        """);

    private static int Submitted(CampaignFolder folder) => Ledger.Read(folder.LedgerPath).Count(e => e.Type == LedgerEntry.SubmittedType);

    /// <summary>Read as <c>status</c> does: safe while the serve process writes the audit log.</summary>
    private static int Succeeded(CampaignFolder folder) =>
        Directory.Exists(folder.Root) ? CampaignStatus.Read(folder.Root, TimeProvider.System).Verified : 0;

    public void Dispose() => _dir.Dispose();
}
