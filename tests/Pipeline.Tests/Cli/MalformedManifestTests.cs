using Pipeline.Tests.Manifests;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

/// <summary>The corpus of malformed manifests through the real command line: a precise error, exit 2, nothing written.</summary>
public sealed class MalformedManifestTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Theory]
    [MemberData(nameof(MalformedManifests.Names), MemberType = typeof(MalformedManifests))]
    public async Task Validate_Malformed_Exits2WithFileLineColumnPathAndMessage(string name)
    {
        var manifest = MalformedManifests.Get(name);
        var path = manifest.WriteTo(_dir);

        var (exit, _, error) = await CliRunner.RunAsync("validate", path);

        Assert.Equal(2, exit);
        var location = manifest.Path.Length == 0 ? $"{path}:{manifest.At}" : $"{path}:{manifest.At}: {manifest.Path}: ";
        var line = error.Split('\n').FirstOrDefault(l => l.StartsWith(location.Split(": ")[0], StringComparison.Ordinal) && l.Contains(manifest.Phrase, StringComparison.Ordinal));
        Assert.True(line is not null, $"expected an error at {location} containing \"{manifest.Phrase}\"; got:\n{error}");
        Assert.StartsWith(location, line, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MalformedManifests.Names), MemberType = typeof(MalformedManifests))]
    public async Task Run_Malformed_Exits2AndCreatesNothing(string name)
    {
        var path = MalformedManifests.Get(name).WriteTo(_dir);
        var output = _dir.File("out");

        var (exit, _, _) = await CliRunner.RunAsync("run", path, "--output", output);

        Assert.Equal(2, exit);
        Assert.False(Directory.Exists(output));
    }

    public void Dispose() => _dir.Dispose();
}
