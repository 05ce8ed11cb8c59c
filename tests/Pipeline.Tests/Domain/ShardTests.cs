using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Planning;
using Pipeline.Tests.Cli;
using Pipeline.Tests.Support;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Tests.Domain;

public sealed class ShardTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Theory]
    [InlineData("1/1", 1, 1)]
    [InlineData("2/4", 2, 4)]
    public void Parse_ValidText_GivesTheShard(string text, int index, int count) =>
        Assert.Equal(new Shard(index, count), Shard.Parse(text));

    [Theory]
    [InlineData("0/4")]
    [InlineData("5/4")]
    [InlineData("1/0")]
    [InlineData("a/b")]
    [InlineData("1")]
    public void Parse_InvalidText_SaysWhatIsAllowed(string text) =>
        Assert.Contains("expected i/n", Assert.Throws<FormatException>(() => Shard.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void Contains_FourShards_PartitionEveryIdExactlyOnce()
    {
        var ids = Enumerable.Range(0, 1000).Select(i => new JobId(Convert.ToHexStringLower(BitConverter.GetBytes((long)i * 2654435761L)))).ToList();
        var shards = Enumerable.Range(1, 4).Select(i => new Shard(i, 4)).ToList();

        Assert.All(ids, id => Assert.Equal(1, shards.Count(s => s.Contains(id))));
        Assert.All(shards, s => Assert.InRange(ids.Count(s.Contains), 180, 320));
    }

    [Fact]
    public async Task Run_TwoShardsConcurrently_CoverThePlanExactlyWithNoJobRunTwice()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var manifest = _dir.Write("s.yaml", TestManifests.Small("sharded", prompts: 5, seeds: 8, limits: "{concurrency: 8}"));
        var url = sandbox.Server.BaseAddress.AbsoluteUri;
        var env = new Dictionary<string, string> { ["BFL_API_KEY"] = "k" };

        var runs = await Task.WhenAll(
            CliRunner.RunWithEnvironmentAsync(env, "run", manifest, "--provider", "bfl", "--base-url", url, "--output", _dir.Path, "--shard", "1/2"),
            CliRunner.RunWithEnvironmentAsync(env, "run", manifest, "--provider", "bfl", "--base-url", url, "--output", _dir.Path, "--shard", "2/2"));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Output + r.Error));
        var folder = CampaignFolder.For(_dir.Path, "sharded");
        var one = AuditReader.Read(Path.Combine(folder.Root, "audit.shard-1-of-2.csv"));
        var two = AuditReader.Read(Path.Combine(folder.Root, "audit.shard-2-of-2.csv"));
        Assert.NotEmpty(one);
        Assert.NotEmpty(two);
        Assert.Empty(one.Select(r => r.JobId).Intersect(two.Select(r => r.JobId)));
        Assert.Equal(40, AuditReader.ReadCampaign(folder).Select(r => r.JobId).Distinct().Count());
        Assert.All(sandbox.Server.Stats.AcceptedByFingerprint.Values, count => Assert.Equal(1, count));
        Assert.Equal(40, sandbox.Server.Stats.SubmissionsAccepted);
        var status = CampaignStatus.Read(folder.Root, TimeProvider.System);
        Assert.Equal((40, 40, 0, 0), (status.Planned, status.Verified, status.InFlight, status.NotStarted));
        Assert.Equal(["1/2", "2/2"], status.Runs.Select(r => r.Record.Shard));
        Assert.Equal(40, status.Runs.Sum(r => r.Record.ShardJobs));

        var (exit, stdout, _) = await CliRunner.RunWithEnvironmentAsync(env, "run", manifest, "--provider", "bfl", "--base-url", url, "--output", _dir.Path);
        Assert.Equal(0, exit);
        Assert.Contains("40 of 40 jobs already verified", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Acquire_SameCampaignShardTwice_SecondFailsClearly()
    {
        var folder = CampaignFolder.For(_dir.Path, "locked", new Shard(1, 2));
        using var first = RunLock.Acquire(folder);

        var ex = Assert.Throws<CampaignBusyException>(() => RunLock.Acquire(CampaignFolder.For(_dir.Path, "locked", new Shard(1, 2))));

        Assert.Contains("shard 1/2", ex.Message, StringComparison.Ordinal);
        using var otherShard = RunLock.Acquire(CampaignFolder.For(_dir.Path, "locked", new Shard(2, 2)));
    }

    [Theory]
    [InlineData("1/2", "1/1", "shard 1/2")]
    [InlineData("1/1", "2/3", "the whole campaign")]
    [InlineData("1/2", "1/3", "shard 1/2")]
    public void Acquire_OverlappingRunHeldByAnother_Fails(string held, string wanted, string named)
    {
        using var first = RunLock.Acquire(CampaignFolder.For(_dir.Path, "overlap", Shard.Parse(held)));

        var ex = Assert.Throws<CampaignBusyException>(() => RunLock.Acquire(CampaignFolder.For(_dir.Path, "overlap", Shard.Parse(wanted))));

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Acquire_OverlappingRunFinished_Succeeds()
    {
        RunLock.Acquire(CampaignFolder.For(_dir.Path, "done", new Shard(1, 2))).Dispose();

        using var whole = RunLock.Acquire(CampaignFolder.For(_dir.Path, "done"));
    }

    public void Dispose() => _dir.Dispose();
}
