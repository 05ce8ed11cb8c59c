using Pipeline.Execution;
using Pipeline.Sandbox;
using Pipeline.Tests.Support;
using Pipeline.Records;

namespace Pipeline.Tests.Cli;

public sealed class StatusCommandTests : IDisposable
{
    private static readonly Dictionary<string, string> Key = new() { ["BFL_API_KEY"] = "test-key-123" };
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Status_WhileAnotherProcessRunsTheCampaign_ShowsWorkInFlightAndExits0()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Latency = TimeSpan.FromSeconds(3) }, CancellationToken.None);
        var manifest = _dir.Write("live.yaml", TestManifests.Small("live", prompts: 4, seeds: 10, limits: "{concurrency: 8}", provider: "bfl"));
        var output = _dir.File("out");
        var folder = CampaignFolder.For(output, "live");
        using var run = CliProcess.Start(Key, "run", manifest, "--base-url", server.BaseAddress.AbsoluteUri, "--output", output);
        await CliProcess.WaitUntilAsync(() => Ledger.Read(folder.LedgerPath).Count(e => e.Type == LedgerEntry.SubmittedType) >= 4, TimeSpan.FromSeconds(60));

        var (exit, stdout, stderr) = await CliRunner.RunAsync("status", folder.Root);
        var (jsonExit, json, _) = await CliRunner.RunAsync("status", folder.Root, "--json");

        Assert.True(exit == 0, stdout + stderr + run.Output);
        Assert.Contains("40 planned", stdout, StringComparison.Ordinal);
        Assert.Matches(@"jobs: +40 planned, \d+ verified, [1-9]\d* in flight", stdout);
        Assert.Contains("run:        running since", stdout, StringComparison.Ordinal);
        Assert.Equal(0, jsonExit);
        Assert.Matches("\"in_flight\": [1-9]", json);
        Assert.Contains("\"state\": \"running\"", json, StringComparison.Ordinal);
        run.Kill();
    }

    [Fact]
    public async Task Status_FinishedCampaign_ShowsEverythingVerifiedAndNotRunning()
    {
        var manifest = _dir.Write("done.yaml", TestManifests.Small("done", prompts: 1, seeds: 3));
        var output = _dir.File("out");
        var (runExit, runOut, runErr) = await CliRunner.RunAsync("run", manifest, "--output", output);
        Assert.True(runExit == 0, runOut + runErr);

        var (exit, stdout, _) = await CliRunner.RunAsync("status", Path.Combine(output, "done"));

        Assert.Equal(0, exit);
        Assert.Contains("jobs:       3 planned, 3 verified, 0 in flight, 0 failed, 0 not started", stdout, StringComparison.Ordinal);
        Assert.Contains("spend:      $0.18 billed", stdout, StringComparison.Ordinal);
        Assert.Contains("run:        completed", stdout, StringComparison.Ordinal);
        Assert.Contains("throughput: not running", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_NoSuchFolder_Exits2()
    {
        var (exit, _, error) = await CliRunner.RunAsync("status", _dir.File("missing"));

        Assert.Equal(2, exit);
        Assert.Contains("not found", error, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
