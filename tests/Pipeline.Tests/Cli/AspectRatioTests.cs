using Pipeline.Domain;
using Pipeline.Records;
using Pipeline.Tests.Support;
using SixLabors.ImageSharp;

namespace Pipeline.Tests.Cli;

/// <summary>
/// Issue 14, item 9: any ratio a provider takes, through the real CLI. The manifest reads any well-formed W:H, each
/// provider's capability row decides, and a render of a ratio without a published size is verified by rule
/// (docs/architecture.md#44-any-ratio-a-provider-takes).
/// </summary>
public sealed class AspectRatioTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Run_FeedRatiosOnTheSandbox_RenderAndVerifyByRuleAndTheTable()
    {
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("feed", ["a kettle"], ratios: "[\"4:5\", \"5:4\", \"16:9\"]"));
        var output = _dir.File("out");

        var (exit, stdout, stderr) = await CliRunner.RunAsync("run", manifest, "--output", output);
        var (verifyExit, verifyOut, verifyErr) = await CliRunner.RunAsync("verify", Path.Combine(output, "feed"));

        Assert.True(exit == 0, stdout + stderr);
        Assert.True(verifyExit == 0, verifyOut + verifyErr);
        var rows = AuditReader.Read(Path.Combine(output, "feed", "audit.csv"));
        Assert.Equal(["16:9", "4:5", "5:4"], rows.Select(r => r.AspectRatio).Order(StringComparer.Ordinal));
        foreach (var row in rows)
        {
            Assert.Equal((JobStatus.Succeeded, "ok"), (row.Status, row.Verification));
            Assert.Contains(row.AspectRatio!.Replace(':', 'x'), row.File, StringComparison.Ordinal);
            using var image = Image.Load(Path.Combine(output, "feed", row.File!));
            var size = new ImageSize(image.Width, image.Height);
            Assert.Equal(size, new ImageSize(row.Width!.Value, row.Height!.Value));
            if (ModelCatalog.UltraSize(row.AspectRatio) is { } published)
            {
                Assert.Equal(published, size);
            }
            else
            {
                Assert.Null(UltraSizeRule.Problem(size, ModelCatalog.RatioByRule(row.AspectRatio)!.Value));
            }
        }

        var portrait = rows.Single(r => r.AspectRatio == "4:5");
        Assert.True(portrait.Width < portrait.Height);
    }

    [Fact]
    public async Task Validate_Replicate_Takes4To5ButRefuses7To5NamingTheFieldProviderAndEnum()
    {
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("feed", ["a kettle"], ratios: "[\"4:5\", \"7:5\"]"));

        var (ok, _, okError) = await CliRunner.RunAsync("validate", _dir.Write("ok.yaml", TestManifests.Ultra("feed", ["a kettle"], ratios: "[\"4:5\", \"5:4\"]")), "--provider", "replicate");
        var (exit, _, error) = await CliRunner.RunAsync("validate", manifest, "--provider", "replicate");

        Assert.True(ok == 0, okError);
        Assert.Equal(2, exit);
        Assert.Contains(
            "m.yaml:12:26: matrix.aspect_ratios[1]: aspect_ratio '7:5' is not taken by replicate (black-forest-labs/flux-1.1-pro-ultra-finetuned); allowed: one of 21:9, 16:9, 3:2, 4:3, 5:4, 1:1, 4:5, 3:4, 2:3, 9:16, 9:21",
            error,
            StringComparison.Ordinal);
        Assert.DoesNotContain("'4:5'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BflRatioWiderThan21To9_Exits2NamingTheRangeBeforeAnyCall()
    {
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("wide", ["a kettle"], ratios: "[\"16:9\", \"3:1\"]"));

        var (exit, _, error) = await CliRunner.RunWithEnvironmentAsync(
            ProviderKeys.Environment("k-123456"), "run", manifest, "--provider", "bfl", "--base-url", "http://127.0.0.1:9/", "--output", _dir.File("out"));

        Assert.Equal(2, exit);
        Assert.Contains(
            "m.yaml:12:27: matrix.aspect_ratios[1]: aspect_ratio '3:1' is not taken by bfl (/v1/flux-pro-1.1-ultra-finetuned); allowed: any W:H from 21:9 (widest) to 9:21 (tallest)",
            error,
            StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.File("out")));
    }

    [Fact]
    public async Task Validate_Fal_RefusesARatioOutsideItsNineAndSaysWhy()
    {
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("feed", ["a kettle"], ratios: "[\"4:5\"]"));

        var (exit, _, error) = await CliRunner.RunAsync("validate", manifest, "--provider", "fal");

        Assert.Equal(2, exit);
        Assert.Contains("aspect_ratio '4:5' is not taken by fal (fal-ai/flux-pro/v1.1-ultra-finetuned); allowed: one of 21:9, 16:9, 4:3, 3:2, 1:1, 2:3, 3:4, 9:16, 9:21 (fal documents", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"4x5\"", "found '4x5' (did you mean '4:5'?)")]
    [InlineData("\"0:1\"", "found '0:1'; both sides must be 1 or more")]
    [InlineData("abc", "found 'abc'")]
    public async Task Validate_MalformedRatio_Exits2WithFileLineColumn(string ratio, string found)
    {
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("bad", ["a kettle"], ratios: $"[\"16:9\", {ratio}]"));

        var (exit, _, error) = await CliRunner.RunAsync("validate", manifest);

        Assert.Equal(2, exit);
        Assert.Contains($"m.yaml:12:27: matrix.aspect_ratios[1]: expected an aspect ratio W:H of whole numbers, like \"4:5\" or \"16:9\", {found}", error, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
