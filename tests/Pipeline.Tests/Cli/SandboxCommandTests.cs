using Pipeline.Cli;

namespace Pipeline.Tests.Cli;

public sealed class SandboxCommandTests
{
    [Fact]
    public async Task Sandbox_Help_ListsEveryDownloadFaultFlag()
    {
        var (_, output, _) = await CliRunner.RunAsync("sandbox", "--help");

        Assert.All(
            new[]
            {
                "--corrupt-scan-rate", "--truncated-scan-rate", "--junk-scan-rate", "--damaged-png-rate", "--black-image-rate",
                "--white-image-rate", "--trailing-bytes-rate", "--html-body-rate", "--empty-body-rate",
            },
            flag => Assert.Contains(flag, output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sandbox_DownloadFaultRatesAboveOne_InvalidInputNamingEveryProblem()
    {
        var (exit, _, error) = await CliRunner.RunAsync("sandbox", "--corrupt-scan-rate", "1.5", "--black-image-rate", "0.5");

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("CorruptScanRate must be between 0 and 1", error, StringComparison.Ordinal);
        Assert.Contains("add up to at most 1", error, StringComparison.Ordinal);
    }
}
