using Pipeline.Audit;
using Pipeline.Tests.Support;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Tests.Cli;

public sealed class CommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Run_ManifestWithUnknownKeyAndBadType_Exits2WithLocationsAndWritesNothing()
    {
        var manifest = _dir.Write("bad.yaml", """
            version: 1
            campaign: acme
            provider: sandbox
            model: flux-pro-1.1-ultra-finetuned
            finetune_id: acme-brand-v3
            matrix:
              prompts: [kettle]
              finetune_strengths: [1.0]
              seeds: [1]
              aspect_ratios: ["1:1"]
            limits: {concurrency: lots}
            colour: red
            """);
        var output = _dir.File("out");

        var (exit, _, error) = await CliRunner.RunAsync("run", manifest, "--output", output);

        Assert.Equal(2, exit);
        Assert.Contains("bad.yaml:11:", error, StringComparison.Ordinal);
        Assert.Contains("bad.yaml:12:1", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Run_SmallCampaignOnTheBuiltInSandbox_Exits0AndPrintsWhereEverythingIs()
    {
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("cli-run", ["kettle"], seeds: "[1, 2]"));
        var output = _dir.File("out");

        var (exit, stdout, error) = await CliRunner.RunAsync("run", manifest, "--output", output);

        Assert.True(exit == 0, stdout + error);
        Assert.Contains("images:", stdout, StringComparison.Ordinal);
        Assert.Contains("audit log:", stdout, StringComparison.Ordinal);
        Assert.Contains("report:", stdout, StringComparison.Ordinal);
        Assert.Equal(2, AuditReader.Read(Path.Combine(output, "cli-run", "audit.csv")).Count(r => r.Status == JobStatus.Succeeded));
        Assert.True(File.Exists(Path.Combine(output, "cli-run", "report", "index.html")));

        var (again, secondOut, _) = await CliRunner.RunAsync("run", manifest, "--output", output);
        Assert.Equal(0, again);
        Assert.Contains("2 of 2 jobs already verified", secondOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DryRun_SaysWhatWouldRenderAndWritesNothing()
    {
        var output = _dir.File("out");

        var (exit, stdout, stderr) = await CliRunner.RunAsync("run", Repo.Manifest("example.yaml"), "--output", output, "--dry-run");

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("dry run: 0 already verified, 24 would render", stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Run_BflWithoutKey_Exits2NamingTheVariable()
    {
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("nokey", ["kettle"]));

        var (exit, _, error) = await CliRunner.RunAsync("run", manifest, "--provider", "bfl", "--output", _dir.File("out"));

        Assert.Equal(2, exit);
        Assert.Contains("BFL_API_KEY", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.File("out")));
    }

    [Fact]
    public async Task Validate_ExampleManifest_Exits0WithJobCount()
    {
        var (exit, stdout, _) = await CliRunner.RunAsync("validate", Repo.Manifest("example.yaml"));

        Assert.Equal(0, exit);
        Assert.Contains("24 jobs", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_ExampleManifest_ShowsJobsCostAndTime()
    {
        var (exit, stdout, _) = await CliRunner.RunAsync("plan", Repo.Manifest("example.yaml"));

        Assert.Equal(0, exit);
        Assert.Contains("jobs: 24", stdout, StringComparison.Ordinal);
        Assert.Contains("estimated cost: $1.68", stdout, StringComparison.Ordinal);
        Assert.Contains("estimated time:", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_Exits2()
    {
        var (exit, _, error) = await CliRunner.RunAsync("run", "x.yaml", "--no-such-flag");

        Assert.Equal(2, exit);
        Assert.Contains("--no-such-flag", error, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
