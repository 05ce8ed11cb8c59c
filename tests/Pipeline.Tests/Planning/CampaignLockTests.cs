using System.Text.Json;
using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Planning;
using Pipeline.Tests.Support;
using Pipeline.Records;

namespace Pipeline.Tests.Planning;

/// <summary><c>campaign.lock.json</c>: written before the first submit, reused for random seeds, enforced by <c>--locked</c>.</summary>
public sealed class CampaignLockTests : IDisposable
{
    // The options the lock was written with before its serializer was generated (docs/architecture.md#45-a-rerun-of-a-finished-campaign).
    private static readonly JsonSerializerOptions ReflectionLockOptions = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task RunAsync_RandomSeedsThenLocked_RendersNothingNewWithTheSameSeeds()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("locked", ["kettle"], seeds: "{random: 2}"));
        var first = await sandbox.RunAsync(manifest, _dir.Path);
        var folder = CampaignFolder.For(_dir.Path, "locked");
        var seeds = CampaignLock.Read(folder.LockPath)!.RandomSeeds!;
        var accepted = sandbox.Server.Stats.SubmissionsAccepted;

        var locked = await sandbox.RunAsync(manifest, _dir.Path, locked: true);

        Assert.True(first.AllVerified);
        Assert.Equal(2, seeds.Count);
        Assert.Equal(seeds.Order(), AuditReader.Read(folder.AuditPath).Select(r => r.Seed).Order());
        Assert.Equal(2, locked.AlreadyDone);
        Assert.Empty(locked.Outcomes);
        Assert.Equal(accepted, sandbox.Server.Stats.SubmissionsAccepted);
        Assert.Equal(seeds, CampaignLock.Read(folder.LockPath)!.RandomSeeds);
    }

    [Fact]
    public async Task RunAsync_RandomSeedsRerunWithoutLocked_ReusesThePinnedSeeds()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("rerun", ["kettle"], seeds: "{random: 2}"));
        await sandbox.RunAsync(manifest, _dir.Path);

        var again = await sandbox.RunAsync(manifest, _dir.Path);

        Assert.Equal(2, again.AlreadyDone);
        Assert.Empty(again.Outcomes);
    }

    [Fact]
    public async Task Prepare_LockedAfterTheManifestChanged_RefusesSayingSo()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("changed", ["kettle"], seeds: "{random: 1}"));
        await sandbox.RunAsync(manifest, _dir.Path);
        File.AppendAllText(manifest, "# an edit\n");

        var error = Assert.Throws<CampaignLockException>(() => sandbox.Runner.Prepare(new RunRequest(manifest, _dir.Path, Locked: true)));

        Assert.Contains("m.yaml changed since", error.Message, StringComparison.Ordinal);
        Assert.Contains("run without --locked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prepare_LockedWithoutALock_RefusesAndWritesNothing()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("nolock", ["kettle"]));

        var error = Assert.Throws<CampaignLockException>(() => sandbox.Runner.Prepare(new RunRequest(manifest, _dir.Path, Locked: true)));

        Assert.Contains("run once without --locked", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "nolock")));
    }

    [Fact]
    public async Task Prepare_LockedButPlansDifferently_RefusesNamingTheJob()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("drift", ["kettle"], seeds: "[1, 2]"));
        await sandbox.RunAsync(manifest, _dir.Path);
        var path = CampaignFolder.For(_dir.Path, "drift").LockPath;
        var written = CampaignLock.Read(path)!;
        (written with { Jobs = [written.Jobs[0] with { Id = "0000000000000000" }, written.Jobs[1]] }).Write(path);

        var error = Assert.Throws<CampaignLockException>(() => sandbox.Runner.Prepare(new RunRequest(manifest, _dir.Path, Locked: true)));

        Assert.Contains("job 1 is 0000000000000000 in the lock", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Lock_HoldsTheResolvedPlanAndTheRequestBodies()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("contents", ["kettle"], seeds: "[1, 2]"));
        var prepared = sandbox.Runner.Prepare(new RunRequest(manifest, _dir.Path));

        await sandbox.RunAsync(manifest, _dir.Path);

        var path = CampaignFolder.For(_dir.Path, "contents").LockPath;
        var written = CampaignLock.Read(path)!;
        Assert.Equal(prepared.ManifestSha256, written.ManifestSha256);
        Assert.Equal(CampaignLock.CurrentToolVersion, written.ToolVersion);
        Assert.Equal(prepared.Plan.Jobs.Select(j => j.Id.Value), written.Jobs.Select(j => j.Id));
        Assert.Null(written.RandomSeeds);
        var request = written.Jobs[0].Request!;
        Assert.Equal("bfl", written.Jobs[0].Protocol);
        Assert.Equal("acme-brand-v3", (string)request["finetune_id"]!);
        Assert.Equal(1, (int)request["seed"]!);
        Assert.Equal("1:1", (string)request["aspect_ratio"]!);
        Assert.False(File.Exists(path + ".tmp"));
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(1, json.RootElement.GetProperty("lock_version").GetInt32());
    }

    [Fact]
    public void Read_NotJson_RefusesAndSaysToDeleteIt()
    {
        var path = _dir.Write("campaign.lock.json", "{ not json");

        var error = Assert.Throws<CampaignLockException>(() => CampaignLock.Read(path));

        Assert.Contains("delete it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_SameLockAgain_LeavesTheFileUnwritten()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("same", ["kettle"], seeds: "[1, 2]"));
        var prepared = sandbox.Runner.Prepare(new RunRequest(manifest, _dir.Path));
        var path = _dir.Write("campaign.lock.json", string.Empty);
        Assert.True(CampaignLock.From(prepared.Plan, prepared.ManifestSha256).Write(path));
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, old);

        var written = CampaignLock.From(prepared.Plan, prepared.ManifestSha256).Write(path);

        Assert.False(written);
        Assert.Equal(old, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public async Task Write_PlanChanged_RewritesTheFile()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("changed", ["kettle"], seeds: "[1, 2]"));
        var prepared = sandbox.Runner.Prepare(new RunRequest(manifest, _dir.Path));
        var path = _dir.Write("campaign.lock.json", string.Empty);
        var first = CampaignLock.From(prepared.Plan, prepared.ManifestSha256);
        first.Write(path);

        var written = (first with { Jobs = first.Jobs.Take(1).ToList() }).Write(path);

        Assert.True(written);
        Assert.Single(CampaignLock.Read(path)!.Jobs);
    }

    [Fact]
    public async Task Write_GeneratedSerializer_SameBytesAsTheReflectionSerializerWithTheLockOptions()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("bytes", ["kettle it's <b> & crème"], strengths: "[0.8, 1.2]", seeds: "{random: 2}"));
        var prepared = sandbox.Runner.Prepare(new RunRequest(manifest, _dir.Path));
        var lockFile = CampaignLock.From(prepared.Plan, prepared.ManifestSha256);
        var path = _dir.Write("campaign.lock.json", string.Empty);

        lockFile.Write(path);

        Assert.Equal(JsonSerializer.Serialize(lockFile, ReflectionLockOptions) + "\n", File.ReadAllText(path));
        var pins = CampaignLock.ReadPins(path)!;
        Assert.Equal(lockFile.Jobs.Select(j => j.Id), pins.Jobs.Select(j => j.Id));
        Assert.Equal(lockFile.RandomSeeds, pins.RandomSeeds);
        Assert.Equal(lockFile.ManifestSha256, pins.ManifestSha256);
    }

    public void Dispose() => _dir.Dispose();
}
