using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Tests.Support;
using Pipeline.Domain;

namespace Pipeline.Tests.Execution;

/// <summary>The budget check before a run: list price × jobs still to render, plus spend already recorded.</summary>
public sealed class BudgetPreflightTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Prepare_EstimateAboveTheBudget_RefusesWithTheNumbersAndWritesNothing()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("over", ["a", "b"], seeds: "[1, 2, 3]", limits: "{max_cost_usd: 0.25}"));

        var error = Assert.Throws<PlanOverBudgetException>(() => sandbox.Runner.Prepare(new RunRequest(manifest, _dir.Path)));

        Assert.Contains("needs an estimated $0.42: 6 jobs still to render × $0.07 list price = $0.42, plus $0.00 already spent; the budget is $0.25 (limits.max_cost_usd)", error.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-partial", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "over")));
    }

    [Fact]
    public async Task Prepare_MaxCostOption_IsNamedAsTheBudget()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("option", ["a"], seeds: "[1, 2]"));

        var error = Assert.Throws<PlanOverBudgetException>(() => sandbox.Runner.Prepare(new RunRequest(manifest, _dir.Path, MaxCostUsd: 0.1m)));

        Assert.Contains("the budget is $0.1 (--max-cost)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prepare_AfterAPartialRun_CountsWhatIsDoneAndWhatWasSpent()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("partial", ["a", "b"], seeds: "[1, 2, 3]", limits: "{concurrency: 6, max_cost_usd: 0.25}"));
        var partial = await sandbox.RunAsync(manifest, _dir.Path, allowPartial: true);

        var error = Assert.Throws<PlanOverBudgetException>(() => sandbox.Runner.Prepare(new RunRequest(manifest, _dir.Path)));

        Assert.Equal(3, partial.Count(JobStatus.SkippedBudget));
        Assert.Contains("3 jobs still to render × $0.07 list price = $0.21, plus $0.21 already spent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prepare_EstimateWithinTheBudget_Starts()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("within", ["a"], seeds: "[1, 2]", limits: "{max_cost_usd: 0.14}"));

        Assert.Equal(2, sandbox.Runner.Prepare(new RunRequest(manifest, _dir.Path)).Plan.Jobs.Count);
    }

    public void Dispose() => _dir.Dispose();
}
