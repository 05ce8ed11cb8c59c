using Pipeline.Providers;
using Pipeline.Providers.Catalog;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Providers;

/// <summary>The plan-time entry to the per-provider mapping tables.</summary>
public sealed class ProviderRequestsTests
{
    public static TheoryData<string> AllProviders => ["sandbox", "bfl", "fal", "replicate", "openai", "cometapi"];

    [Theory]
    [MemberData(nameof(AllProviders))]
    public void Problems_ExampleUltraFinetunedJob_NoneOnAnyProvider(string provider)
    {
        Assert.Empty(ProviderRequests.Problems(provider, Some.UltraJob("1:1", 1.2m)));
    }

    [Theory]
    [InlineData("sandbox")]
    [InlineData("bfl")]
    [InlineData("fal")]
    [InlineData("replicate")]
    [InlineData("openai")]
    public void Problems_BaseUltraJob_NoneWhereTheBaseModelIsServed(string provider)
    {
        Assert.Empty(ProviderRequests.Problems(provider, Some.BaseUltraJob().WithParam("raw", true)));
    }

    [Fact]
    public void Problems_BaseUltraOnCometApi_RefusedBecauseOnlyFinetunedRoutesAreDocumented()
    {
        Assert.Contains("finetuned FLUX routes only", Assert.Single(ProviderRequests.Problems("cometapi", Some.BaseUltraJob())), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bfl", 0L, false)]
    [InlineData("cometapi", 0L, false)]
    [InlineData("openai", 0L, false)]
    [InlineData("fal", 0L, true)]
    [InlineData("replicate", 0L, true)]
    [InlineData("fal", 6L, false)]
    [InlineData("replicate", 6L, false)]
    public void Problems_SafetyTolerance_FalAndReplicateStartAt1(string provider, long tolerance, bool rejected)
    {
        var problems = ProviderRequests.Problems(provider, Some.UltraJob().WithParam("safety_tolerance", tolerance));

        Assert.Equal(rejected, problems.Count > 0);
        if (rejected)
        {
            Assert.Contains("safety_tolerance 0", Assert.Single(problems), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("fal", "flux-pro-finetuned", "no FLUX.1 [pro] finetuned endpoint")]
    [InlineData("replicate", "flux-pro-1.0-fill-finetuned", "no fill-finetuned model")]
    [InlineData("openai", "flux-pro-1.0-fill-finetuned", "cannot fill")]
    public void Problems_ModelTheProviderDoesNotServe_NamedUpFront(string provider, string model, string expected)
    {
        var job = model == "flux-pro-finetuned" ? Some.SizedJob() : Some.FillJob("/in.png", "/mask.png");

        Assert.Contains(expected, Assert.Single(ProviderRequests.Problems(provider, job)), StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_ReplicateGuidanceBelow2_RejectedWhileBflTakesIt()
    {
        var job = Some.SizedJob().WithParam("guidance", 1.5m);

        Assert.Empty(ProviderRequests.Problems("bfl", job));
        Assert.Contains("guidance 1.5", Assert.Single(ProviderRequests.Problems("replicate", job)), StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_FieldTheEndpointDoesNotHave_Named()
    {
        var problems = ProviderRequests.Problems("bfl", Some.UltraJob().WithParam("raw", true));

        Assert.Contains("does not take 'raw'", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bfl", "requires 'image'")]
    [InlineData("fal", "requires 'image'")]
    public void Problems_FillWithoutImage_RequiredFieldNamed(string provider, string expected)
    {
        var problems = ProviderRequests.Problems(provider, Some.FillJob(null!, null));

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_FalFillWithoutMask_RequiredWhileBflTakesTheAlphaChannel()
    {
        var job = Some.FillJob("/in.png", null);

        Assert.Empty(ProviderRequests.Problems("bfl", job));
        Assert.Contains("requires 'mask'", Assert.Single(ProviderRequests.Problems("fal", job)), StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_ManyJobsSameProblem_ReportedOnceWithACount()
    {
        var jobs = Enumerable.Range(1, 3).Select(seed => Some.UltraJob(seed: seed).WithParam("safety_tolerance", 0L));

        var problem = Assert.Single(ProviderRequests.Problems("fal", jobs));

        Assert.EndsWith("(3 jobs)", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fal", "flux-pro-1.1-ultra-finetuned", "fal-ai/flux-pro/v1.1-ultra-finetuned")]
    [InlineData("fal", "flux-pro-1.0-fill-finetuned", "fal-ai/flux-pro/v1/fill-finetuned")]
    [InlineData("fal", "flux-pro-finetuned", null)]
    [InlineData("replicate", "flux-pro-1.1-ultra-finetuned", "black-forest-labs/flux-1.1-pro-ultra-finetuned")]
    [InlineData("replicate", "flux-pro-finetuned", "black-forest-labs/flux-pro-finetuned")]
    [InlineData("bfl", "flux-pro-1.0-fill-finetuned", "flux-pro-1.0-fill-finetuned")]
    [InlineData("openai", "flux-pro-1.1-ultra", "images/generations")]
    [InlineData("cometapi", "flux-pro-1.1-ultra", null)]
    public void Endpoint_MapsBflModelNamesToTheHostsEndpoint(string provider, string model, string? expected)
    {
        Assert.Equal(expected, ProviderRequests.Endpoint(provider, model));
    }
}
