using System.Text;
using Pipeline.Audit;
using Pipeline.Providers;
using Pipeline.Sandbox;
using Pipeline.Tests.Support;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Tests.Cli;

/// <summary>One sandbox that accepts only <see cref="Key"/> and quotes any other key in its 401 answers.</summary>
public sealed class EchoingSandbox : IAsyncLifetime
{
    public const string Key = "right-key-0123456789abcdef";

    public SandboxServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await SandboxServer.StartAsync(
        new SandboxOptions { RequiredKey = Key, EchoRejectedKey = true, Latency = TimeSpan.FromMilliseconds(50) },
        CancellationToken.None);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// docs/architecture.md#27-secrets-stay-out-of-every-output: keys never appear in logs, audit rows, sidecars, reports or error messages. Each protocol renders a
/// campaign through the real CLI (<c>--provider X --base-url</c>), then every file under the output folder and everything
/// the process printed is searched for the key.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class ProviderSecretsTests(EchoingSandbox sandbox) : IClassFixture<EchoingSandbox>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public static TheoryData<string> Protocols => [.. ProviderKeys.Protocols];

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Run_OnEachProtocol_Exits0AndTheKeyIsNowhere(string provider)
    {
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("secrets", ["kettle"], strengths: "[0.8, 1.2]", ratios: "[\"16:9\", \"1:1\"]"));
        var output = _dir.File("out");

        var (exit, printed) = await RunCapturedAsync(EchoingSandbox.Key, "run", manifest, "--provider", provider, "--base-url", sandbox.Server.BaseAddress.AbsoluteUri, "--output", output);

        Assert.True(exit == 0, printed);
        var rows = AuditReader.Read(Path.Combine(output, "secrets", "audit.csv"));
        Assert.Equal(4, rows.Count(r => r.Status == JobStatus.Succeeded && r.Provider == provider));
        Assert.True(File.Exists(Path.Combine(output, "secrets", "report", "index.html")));
        AssertNowhere(EchoingSandbox.Key, output, printed);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Run_WrongKeyThatTheProviderQuotesBack_Exits1AndTheKeyIsRedactedEverywhere(string provider)
    {
        const string wrong = "wrong-key-zyxwvutsrq9876543210";
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("leak", ["kettle"], limits: "{concurrency: 1, max_attempts: 1}"));
        var output = _dir.File("out");

        var (exit, printed) = await RunCapturedAsync(wrong, "run", manifest, "--provider", provider, "--base-url", sandbox.Server.BaseAddress.AbsoluteUri, "--output", output);

        Assert.True(exit == 1, printed);
        var row = Assert.Single(AuditReader.Read(Path.Combine(output, "leak", "audit.csv")));
        Assert.Equal(JobStatus.Failed, row.Status);
        Assert.Contains("HTTP 401", row.Detail, StringComparison.Ordinal);
        Assert.Contains(Redactor.Mask, row.Detail, StringComparison.Ordinal);
        AssertNowhere(wrong, output, printed);
    }

    private static async Task<(int Exit, string Printed)> RunCapturedAsync(string key, params string[] args)
    {
        // Logging goes to the process console (Serilog), not to the invocation's writers: capture both.
        using var console = new ConsoleCapture();
        var (exit, stdout, stderr) = await CliRunner.RunWithEnvironmentAsync(ProviderKeys.Environment(key), args);
        return (exit, stdout + stderr + console.Text);
    }

    private static void AssertNowhere(string key, string folder, string printed)
    {
        Assert.DoesNotContain(key, printed, StringComparison.Ordinal);
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var text = Encoding.UTF8.GetString(File.ReadAllBytes(file));
            Assert.False(text.Contains(key, StringComparison.Ordinal), $"the key appears in {Path.GetRelativePath(folder, file)}");
        }
    }

    public void Dispose() => _dir.Dispose();
}
