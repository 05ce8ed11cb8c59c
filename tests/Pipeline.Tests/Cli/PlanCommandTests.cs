using System.Text.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Pipeline.Manifests.Reading;
using Pipeline.Tests.Manifests;
using Pipeline.Tests.Support;
using Snapshooter;
using Snapshooter.Xunit;

namespace Pipeline.Tests.Cli;

public sealed class PlanCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public static TheoryData<string> Examples() => SchemaTests.Examples();

    /// <summary>The JSON plan of every example: ids, prompt ids, values and prices. A change here re-renders campaigns.</summary>
    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Plan_Example_JsonListsEveryJob(string name)
    {
        var (exit, stdout, error) = await CliRunner.RunAsync("plan", Repo.Manifest(name), "--format", "json", "--output", _dir.Path);

        Assert.True(exit == 0, error);
        // Decimals stay decimals (0.80 would otherwise round-trip through double).
        using var reader = new JsonTextReader(new StringReader(stdout)) { FloatParseHandling = FloatParseHandling.Decimal };
        Snapshot.Match(JToken.ReadFrom(reader), SnapshotNameExtension.Create(Path.GetFileNameWithoutExtension(name)));
    }

    [Fact]
    public async Task Plan_JsonFormat_HasEveryJobWithItsValuesAndPrice()
    {
        var (_, stdout, _) = await CliRunner.RunAsync("plan", Repo.Manifest("example.yaml"), "--format", "json", "--output", _dir.Path);

        using var json = JsonDocument.Parse(stdout);
        var jobs = json.RootElement.GetProperty("jobs");
        Assert.Equal(24, jobs.GetArrayLength());
        Assert.Equal(24, json.RootElement.GetProperty("jobs_count").GetInt32());
        var first = jobs[0];
        Assert.Equal("kettle-hero", first.GetProperty("prompt_id").GetString());
        Assert.Equal("0.8", first.GetProperty("finetune_strength").GetRawText());
        Assert.Equal("16:9", first.GetProperty("aspect_ratio").GetString());
        Assert.Equal("0.07", first.GetProperty("estimated_cost_usd").GetRawText());
        Assert.Equal(1.68m, json.RootElement.GetProperty("estimate").GetProperty("cost_usd").GetDecimal());
    }

    [Fact]
    public async Task Plan_CsvFormat_HasAHeaderAndOneRowPerJob()
    {
        var (exit, stdout, _) = await CliRunner.RunAsync("plan", Repo.Manifest("pro-sizes.yaml"), "--format", "csv", "--output", _dir.Path);

        Assert.Equal(0, exit);
        var lines = stdout.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal("id,prompt_id,prompt,finetune_id,finetune_strength,seed,aspect_ratio,size,estimated_cost_usd", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.EndsWith(",acme-brand-v3,1.1,11,,1024x768,0.06", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_UnknownFormat_Exits2()
    {
        var (exit, _, error) = await CliRunner.RunAsync("plan", Repo.Manifest("example.yaml"), "--format", "yaml");

        Assert.Equal(2, exit);
        Assert.Contains("yaml", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_MoreThanAThousandJobs_WarnsOnStandardError()
    {
        var manifest = _dir.Write("big.yaml", TestManifests.Ultra("big", ["a", "b"], seeds: "{count: 501}"));

        var (exit, stdout, error) = await CliRunner.RunAsync("plan", manifest, "--output", _dir.Path);

        Assert.Equal(0, exit);
        Assert.Contains("jobs: 1002", stdout, StringComparison.Ordinal);
        Assert.Contains("warning: this plan has 1,002 jobs (more than 1,000)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_ThousandJobs_DoesNotWarn()
    {
        var manifest = _dir.Write("big.yaml", TestManifests.Ultra("big", ["a", "b"], seeds: "{count: 500}"));

        var (_, _, error) = await CliRunner.RunAsync("plan", manifest, "--output", _dir.Path);

        Assert.DoesNotContain("warning", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_RandomSeedsPinnedInTheLock_ShowsThePinnedSeeds()
    {
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("pinned", ["a"], seeds: "{random: 2}"));
        var folder = Directory.CreateDirectory(Path.Combine(_dir.Path, "out", "pinned"));
        var plan = Pipeline.Planning.Planner.Expand(new Pipeline.Manifests.Reading.ManifestLoader().Load(manifest));
        Pipeline.Planning.CampaignLock.From(plan, "sha").Write(Path.Combine(folder.FullName, "campaign.lock.json"));

        var (_, stdout, _) = await CliRunner.RunAsync("plan", manifest, "--format", "json", "--output", Path.Combine(_dir.Path, "out"));

        using var json = JsonDocument.Parse(stdout);
        var seeds = json.RootElement.GetProperty("axes").GetProperty("seeds");
        Assert.Equal(2, seeds.GetProperty("pinned").GetInt32());
        Assert.Equal(plan.RandomSeeds, seeds.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt64()));
        Assert.Equal(plan.Jobs.Select(j => j.Id.Value), json.RootElement.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("id").GetString()));
    }

    public void Dispose() => _dir.Dispose();
}
