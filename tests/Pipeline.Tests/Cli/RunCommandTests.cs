using Pipeline.Audit;
using Pipeline.Tests.Support;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Tests.Cli;

/// <summary><c>run</c>'s refusals (exit 2, nothing written) and its --locked and --allow-partial flags.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Run_OverBudget_Exits2WithTheNumbersAndCreatesNothing()
    {
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("budget", ["a", "b"], seeds: "[1, 2, 3]", limits: "{max_cost_usd: 0.25}"));
        var output = _dir.File("out");

        var (exit, _, error) = await CliRunner.RunAsync("run", manifest, "--output", output);

        Assert.Equal(2, exit);
        Assert.Contains("error: the plan needs an estimated $0.42", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Run_AllowPartial_RendersUpToTheCapAndRecordsTheRest()
    {
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("partial", ["a"], seeds: "[1, 2, 3]", limits: "{concurrency: 1, max_cost_usd: 0.15}"));
        var output = _dir.File("out");

        var (exit, stdout, _) = await CliRunner.RunAsync("run", manifest, "--output", output, "--allow-partial");

        Assert.Equal(1, exit);
        Assert.Contains("this run: 2 succeeded, 1 skipped_budget", stdout, StringComparison.Ordinal);
        Assert.Equal(1, AuditReader.Read(Path.Combine(output, "partial", "audit.csv")).Count(r => r.Status == JobStatus.SkippedBudget));
    }

    [Fact]
    public async Task Run_LockedAfterTheManifestChanged_Exits2SayingSo()
    {
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("locked", ["a"], seeds: "{random: 2}"));
        var output = _dir.File("out");
        var (first, _, _) = await CliRunner.RunAsync("run", manifest, "--output", output);
        var (again, stdout, _) = await CliRunner.RunAsync("run", manifest, "--output", output, "--locked");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("[1.0]", "[1.1]", StringComparison.Ordinal));

        var (changed, _, error) = await CliRunner.RunAsync("run", manifest, "--output", output, "--locked");

        Assert.Equal(0, first);
        Assert.Equal(0, again);
        Assert.Contains("2 of 2 jobs already verified", stdout, StringComparison.Ordinal);
        Assert.Equal(2, changed);
        Assert.Contains("m.yaml changed since", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ProviderOverrideThatLacksTheModel_Exits2AtTheModel()
    {
        var (exit, _, error) = await CliRunner.RunAsync("run", Repo.Manifest("fill.yaml"), "--provider", "replicate", "--output", _dir.File("out"));

        Assert.Equal(2, exit);
        Assert.Contains("fill.yaml:10:8: model: replicate does not serve flux-pro-1.0-fill-finetuned", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.File("out")));
    }

    public void Dispose() => _dir.Dispose();
}
