using Pipeline.Tests.Cli;
using Pipeline.Tests.Imaging.Decoding;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Verification;

/// <summary>The decoding corpus (tests/Pipeline.Tests/Imaging/Decoding) through <c>pipeline inspect</c>: each file gets its verdict.</summary>
public sealed class InspectCorpusTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Theory]
    [MemberData(nameof(DecodeCorpus.Names), MemberType = typeof(DecodeCorpus))]
    public async Task Inspect_CorpusFile_PrintsTheExpectedVerdict(string name)
    {
        var corpus = DecodeCorpus.All[name];
        var path = _dir.File(name + ".img");
        await File.WriteAllBytesAsync(path, corpus.Bytes);

        var (exit, output, error) = await CliRunner.RunAsync("inspect", path);

        if (!IsImage(corpus))
        {
            // Not an image at all: a usage error naming what the bytes are.
            Assert.Equal(2, exit);
            Assert.Contains("not an image", error, StringComparison.Ordinal);
            return;
        }

        // A file has no Content-Type, so a PNG once declared image/jpeg is simply a sound PNG on disk.
        var expected = name == "png-declared-jpeg" ? "ok" : corpus.Expected;
        Assert.Contains("decoded:    " + expected, output, StringComparison.Ordinal);
        Assert.Equal(1, exit);
        Assert.Equal(corpus.Ok || name == "png-declared-jpeg", output.Contains("intact", StringComparison.Ordinal));
    }

    public void Dispose() => _dir.Dispose();

    private static bool IsImage(CorpusCase corpus) =>
        corpus.Bytes is [0xFF, 0xD8, 0xFF, ..] or [0x89, (byte)'P', ..] or [(byte)'R', (byte)'I', (byte)'F', (byte)'F', ..];
}
