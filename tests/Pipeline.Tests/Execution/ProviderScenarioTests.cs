using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Providers;
using Pipeline.Providers.Catalog;
using Pipeline.Tests.Support;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Tests.Execution;

/// <summary>What each protocol does differently, end to end through the sandbox.</summary>
public sealed class ProviderScenarioTests : IDisposable
{
    private const string Key = "fake-key-0123456789";
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Fal_OverTheSlotCap_QueuesInsteadOf429AndEveryJobVerifies()
    {
        await using var sandbox = await SandboxHarness.StartAsync(
            o =>
            {
                o.ActiveTaskCap = 2;
                o.Latency = TimeSpan.FromMilliseconds(100);
            },
            ProviderKeys.Environment(Key));
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("fal-queue", ["a", "b"], seeds: "[1, 2, 3, 4]", limits: "{concurrency: 8}"));

        var summary = await sandbox.RunAsync(manifest, _dir.Path, "fal", sandbox.Server.BaseAddress);

        Assert.True(summary.AllVerified, string.Join("\n", summary.Outcomes.Select(o => $"{o.Status} {o.Detail}")));
        Assert.Equal(8, summary.Outcomes.Count);
        Assert.Equal(0, sandbox.Server.Stats.Throttled);
        Assert.True(sandbox.Server.Stats.QueuedOnArrival > 0, "nothing queued; the test proves nothing");
        Assert.Equal(8, sandbox.Server.Stats.SubmissionsAccepted);
    }

    [Theory]
    [InlineData("fail", JobStatus.NsfwFlagged)]
    [InlineData("flag", JobStatus.Succeeded)]
    public async Task Fal_HasNsfwConcepts_BecomesTheNsfwColumnAndFollowsTheVerifyPolicy(string policy, JobStatus expected)
    {
        await using var sandbox = await SandboxHarness.StartAsync(environment: ProviderKeys.Environment(Key));
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("fal-nsfw", ["kettle [sandbox:content-moderated]"], verify: $"{{nsfw: {policy}}}"));

        var summary = await sandbox.RunAsync(manifest, _dir.Path, "fal", sandbox.Server.BaseAddress);

        var row = Assert.Single(AuditReader.Read(CampaignFolder.For(_dir.Path, "fal-nsfw").AuditPath));
        Assert.Equal(expected, row.Status);
        Assert.True(row.Nsfw);
        Assert.Equal(0.07m, row.CostUsd);
        Assert.Equal(expected == JobStatus.Succeeded, summary.AllVerified);
    }

    public static TheoryData<string, JobStatus, JobStatus> Moderation => new()
    {
        { "bfl", JobStatus.RequestModerated, JobStatus.ContentModerated },
        { "cometapi", JobStatus.RequestModerated, JobStatus.ContentModerated },
        { "fal", JobStatus.RequestModerated, JobStatus.NsfwFlagged },
        { "replicate", JobStatus.ContentModerated, JobStatus.ContentModerated },
        { "openai", JobStatus.RequestModerated, JobStatus.RequestModerated },
    };

    [Theory]
    [MemberData(nameof(Moderation))]
    public async Task ModeratedAndFailingPrompts_MapToOneAuditVocabularyOnEveryProtocol(string provider, JobStatus requestModerated, JobStatus contentModerated)
    {
        await using var sandbox = await SandboxHarness.StartAsync(environment: ProviderKeys.Environment(Key));
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("moderation", [
            "fine kettle",
            "kettle [sandbox:request-moderated]",
            "kettle [sandbox:content-moderated]",
            "kettle [sandbox:error]",
            "kettle [sandbox:failed]",
        ], limits: "{concurrency: 4, max_attempts: 1}"));

        var summary = await sandbox.RunAsync(manifest, _dir.Path, provider, sandbox.Server.BaseAddress);

        var byPrompt = summary.Outcomes.ToDictionary(o => o.PromptId);
        Assert.Equal(JobStatus.Succeeded, byPrompt["p0"].Status);
        Assert.Equal(requestModerated, byPrompt["p1"].Status);
        Assert.Equal(contentModerated, byPrompt["p2"].Status);
        Assert.Equal(JobStatus.Failed, byPrompt["p3"].Status);
        Assert.Equal(JobStatus.Failed, byPrompt["p4"].Status);
        Assert.Equal(0m, byPrompt["p1"].CostUsd);
        Assert.All(new[] { "p3", "p4" }, p => Assert.Equal(0m, byPrompt[p].CostUsd));
    }

    [Fact]
    public async Task Replicate_PreferWaitAnswersTerminal_NoPollsNeeded()
    {
        await using var sandbox = await SandboxHarness.StartAsync(environment: ProviderKeys.Environment(Key));
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("replicate-wait", ["a", "b"], seeds: "[1, 2]"));

        var summary = await sandbox.RunAsync(manifest, _dir.Path, "replicate", sandbox.Server.BaseAddress);

        Assert.True(summary.AllVerified, string.Join("\n", summary.Outcomes.Select(o => $"{o.Status} {o.Detail}")));
        Assert.Equal(0, sandbox.Server.Stats.Polls);
        Assert.Equal(4, sandbox.Server.Stats.Downloads);
    }

    [Fact]
    public async Task OpenAi_GatewayAnswersB64Json_ImagesSavedWithoutAnyDownload()
    {
        await using var sandbox = await SandboxHarness.StartAsync(o => o.AlwaysInlineImages = true, ProviderKeys.Environment(Key));
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("openai-b64", ["a", "b"], ratios: "[\"16:9\", \"9:21\"]"));

        var summary = await sandbox.RunAsync(manifest, _dir.Path, "openai", sandbox.Server.BaseAddress);

        Assert.True(summary.AllVerified, string.Join("\n", summary.Outcomes.Select(o => $"{o.Status} {o.Detail}")));
        Assert.Equal(0, sandbox.Server.Stats.Downloads);
        Assert.All(AuditReader.Read(CampaignFolder.For(_dir.Path, "openai-b64").AuditPath), row => Assert.Equal(64, row.Sha256!.Length));
    }

    [Theory]
    [InlineData("fal")]
    [InlineData("replicate")]
    public void Prepare_SafetyToleranceTheProviderCannotTake_RejectedBeforeAnyCall(string provider)
    {
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("strict", ["a"]).Replace("safety_tolerance: 2", "safety_tolerance: 0", StringComparison.Ordinal));
        var runner = new SandboxRunnerOnly(ProviderKeys.Environment(Key));

        // The plan-time capability check answers first, located at the value; the adapter's table would refuse it too.
        var ex = Assert.Throws<Pipeline.Manifests.ManifestException>(() => runner.Runner.Prepare(new RunRequest(manifest, _dir.Path, provider, new Uri("http://127.0.0.1:9/"))));

        Assert.Contains("params.safety_tolerance", ex.Message, StringComparison.Ordinal);
        Assert.NotEmpty(ProviderRequests.Problems(provider, Some.UltraJob().WithParam("safety_tolerance", 0L)));
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "strict")));
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>An engine without a running sandbox, for checks that must not call anything.</summary>
    private sealed class SandboxRunnerOnly(Func<string, string?> environment)
    {
        public CampaignRunner Runner { get; } = new(
            new ProviderFactory(new NoHttp()),
            new ImageDownloader(new HttpClient()),
            new NoSandbox(),
            TimeProvider.System,
            environment);

        private sealed class NoHttp : IHttpClientFactory
        {
            public HttpClient CreateClient(string name) => throw new InvalidOperationException("no HTTP expected");
        }

        private sealed class NoSandbox : ISandboxHost
        {
            public Task<Uri> StartAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("no sandbox expected");
        }
    }
}
