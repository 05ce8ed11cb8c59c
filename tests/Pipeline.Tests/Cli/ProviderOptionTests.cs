using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

/// <summary><c>--provider</c> and <c>--base-url</c>: usage errors exit 2 before anything is called or written.</summary>
public sealed class ProviderOptionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Run_BaseUrlNotAnHttpUrl_Exits2()
    {
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("x", ["kettle"]));

        var (exit, _, error) = await CliRunner.RunAsync("run", manifest, "--provider", "bfl", "--base-url", "not a url", "--output", _dir.File("out"));

        Assert.Equal(2, exit);
        Assert.Contains("--base-url", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.File("out")));
    }

    [Fact]
    public async Task Run_OpenAiWithoutABaseUrl_Exits2NamingOpenAiBaseUrl()
    {
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("x", ["kettle"]));

        var (exit, _, error) = await CliRunner.RunWithEnvironmentAsync(ProviderKeys.Environment("k-123456"), "run", manifest, "--provider", "openai", "--output", _dir.File("out"));

        Assert.Equal(2, exit);
        Assert.Contains("OPENAI_BASE_URL", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ModelTheProviderDoesNotServe_Exits2BeforeAnyCall()
    {
        var manifest = _dir.Write("m.yaml", """
            version: 1
            campaign: sized
            provider: sandbox
            model: flux-pro-finetuned
            finetune_id: acme-brand-v3
            matrix:
              prompts: [kettle]
              finetune_strengths: [1.0]
              seeds: [1]
              sizes: ["1024x768"]
            """);

        var (exit, _, error) = await CliRunner.RunWithEnvironmentAsync(
            ProviderKeys.Environment("k-123456"), "run", manifest, "--provider", "fal", "--base-url", "http://127.0.0.1:9/", "--output", _dir.File("out"));

        Assert.Equal(2, exit);
        Assert.Contains("fal has no FLUX.1 [pro] finetuned endpoint", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.File("out")));
    }

    [Fact]
    public async Task RunHelp_ListsEveryProviderAndItsVariable()
    {
        var (_, output, _) = await CliRunner.RunAsync("run", "--help");

        foreach (var expected in new[] { "bfl", "fal", "replicate", "openai", "cometapi", "FAL_KEY", "REPLICATE_API_TOKEN", "OPENAI_BASE_URL", "COMETAPI_KEY" })
        {
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _dir.Dispose();
}
