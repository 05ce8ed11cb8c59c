using System.Text.RegularExpressions;
using Pipeline.Domain;
using Pipeline.Records;
using Pipeline.Tests.Cli;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Verification;

/// <summary>
/// The decoding verifier through the real CLI against the sandbox: every bad body the sandbox serves on demand ends
/// with the status and reason a user reads in <c>audit.csv</c>, and <c>verify</c> agrees afterwards.
/// </summary>
public sealed class FaultRunTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Run_SandboxFaultMarkers_EachJobGetsItsStatusAndReason()
    {
        var (exit, rows, folder) = await RunAsync("faults", FaultCampaign.JpegPrompts);

        Assert.Equal(1, exit);
        Assert.Equal((JobStatus.Succeeded, "ok"), rows["clean"]);
        Assert.Equal(JobStatus.VerificationFailed, rows["corrupt"].Status);
        Assert.StartsWith("corrupt: scan 1", rows["corrupt"].Verification, StringComparison.Ordinal);
        Assert.StartsWith("truncated scan: EOI", rows["truncated"].Verification, StringComparison.Ordinal);
        Assert.StartsWith("corrupt: scan 1", rows["junk"].Verification, StringComparison.Ordinal);
        Assert.Equal((JobStatus.VerificationFailed, "blank (uniform #000000)"), rows["black"]);
        Assert.Equal((JobStatus.VerificationFailed, "blank (uniform #FFFFFF)"), rows["white"]);
        Assert.Equal((JobStatus.Succeeded, "ok"), rows["trailing"]);
        Assert.Equal("4096 bytes after EOI", CampaignAudit.Read(folder).Latest.Single(r => r.PromptId == "trailing").Detail);
        Assert.Equal((JobStatus.VerificationFailed, "format: declared image/jpeg, bytes are HTML"), rows["html"]);
        Assert.Equal((JobStatus.VerificationFailed, "empty body"), rows["empty"]);
    }

    [Fact]
    public async Task Run_BodiesThatAreNotImages_QuarantinedWithTheirHeadersBeside()
    {
        var (_, _, folder) = await RunAsync("bodies", [("html", "[sandbox:html-body]"), ("empty", "[sandbox:empty-body]")]);

        foreach (var row in CampaignAudit.Read(folder).Latest)
        {
            Assert.StartsWith("quarantine/", row.File, StringComparison.Ordinal);
            Assert.EndsWith(".body", row.File, StringComparison.Ordinal);
            var headers = File.ReadAllText(Path.ChangeExtension(Path.Combine(folder.Root, row.File!), ".headers.txt"));
            Assert.Contains("HTTP/1.1 200 OK", headers, StringComparison.Ordinal);
            Assert.Contains("Content-Type: image/jpeg", headers, StringComparison.Ordinal);
            Assert.DoesNotContain("Authorization", headers, StringComparison.OrdinalIgnoreCase);
        }

        var html = CampaignAudit.Read(folder).Latest.Single(r => r.PromptId == "html");
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(Path.Combine(folder.Root, html.File!)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Run_DamagedPng_FailsNamingTheDamage()
    {
        var (_, rows, _) = await RunAsync("png", [("clean", string.Empty), ("damaged", "[sandbox:damaged-png]")], format: "png");

        Assert.Equal((JobStatus.Succeeded, "ok"), rows["clean"]);
        Assert.Equal(JobStatus.VerificationFailed, rows["damaged"].Status);
        Assert.Matches("^(corrupt|truncated)", rows["damaged"].Verification);
    }

    [Theory]
    [InlineData("flag", "blank (uniform #000000)")]
    [InlineData("allow", null)]
    public async Task Run_BlankPolicyNotFail_KeepsTheBlankImage(string policy, string? note)
    {
        var (exit, rows, folder) = await RunAsync("blank-" + policy, [("black", "[sandbox:black-image]")], verify: $"{{blank: {policy}}}");

        Assert.Equal(0, exit);
        Assert.Equal((JobStatus.Succeeded, "ok"), rows["black"]);
        var row = CampaignAudit.Read(folder).Latest.Single();
        Assert.StartsWith("images/", row.File, StringComparison.Ordinal);
        Assert.Equal(note, row.Detail);
    }

    [Fact]
    public async Task Verify_AfterFaultRun_AgreesAndRerunRendersNothingKept()
    {
        var (_, _, folder) = await RunAsync("agree", FaultCampaign.JpegPrompts);
        var kept = CampaignAudit.Read(folder).Latest.Where(r => r.Status == JobStatus.Succeeded).ToDictionary(r => r.JobId, r => r.Sha256);

        var (verifyExit, _, _) = await CliRunner.RunAsync("verify", folder.Root);
        var (_, stdout, _) = await CliRunner.RunAsync("run", _dir.File("agree.yaml"), "--output", _dir.File("out"));

        Assert.Equal(0, verifyExit);
        var csv = File.ReadAllText(Path.Combine(folder.Root, "report", "verification.csv"));
        Assert.Equal(2, csv.Split('\n').Count(l => l.Contains(",ok,", StringComparison.Ordinal)));
        Assert.Equal(7, csv.Split('\n').Count(l => l.Contains(",quarantined,", StringComparison.Ordinal)));
        Assert.Contains("2 of 9 jobs already verified", stdout, StringComparison.Ordinal);
        var rows = CampaignAudit.Read(folder);
        Assert.All(kept, k => Assert.Single(rows.Rows, r => r.JobId == k.Key));
        Assert.All(kept, k => Assert.Equal(k.Value, rows.Latest.Single(r => r.JobId == k.Key).Sha256));
    }

    [Fact]
    public async Task Verify_KeptFileScanBytesFlippedOnDisk_ReportsTheDamage()
    {
        var (_, _, folder) = await RunAsync("flipped", [("clean", string.Empty), ("other", string.Empty)]);
        var victim = Path.Combine(folder.Root, CampaignAudit.Read(folder).Latest.First(r => r.PromptId == "clean").File!);
        File.WriteAllBytes(victim, Imaging.Decoding.CorpusImages.FlipScanBytes(File.ReadAllBytes(victim), count: 12));

        var (exit, _, _) = await CliRunner.RunAsync("verify", folder.Root);

        Assert.Equal(1, exit);
        var line = File.ReadAllLines(Path.Combine(folder.Root, "report", "verification.csv")).Single(l => l.Contains(",failed,", StringComparison.Ordinal));
        Assert.Contains(Path.GetFileName(victim), line, StringComparison.Ordinal);
        Assert.True(Regex.IsMatch(line, "(corrupt|truncated scan): "), line);
    }

    public void Dispose() => _dir.Dispose();

    private async Task<(int Exit, Dictionary<string, (JobStatus Status, string Verification)> Rows, CampaignFolder Folder)> RunAsync(
        string campaign, (string Id, string Marker)[] prompts, string format = "jpeg", string verify = "{nsfw: fail}")
    {
        var manifest = _dir.Write(campaign + ".yaml", FaultCampaign.Manifest(campaign, prompts, format, verify));
        var (exit, _, _) = await CliRunner.RunAsync("run", manifest, "--output", _dir.File("out"));
        var folder = new CampaignFolder(Path.Combine(_dir.File("out"), campaign));
        var rows = CampaignAudit.Read(folder).Latest.ToDictionary(r => r.PromptId, r => (r.Status, r.Verification));
        return (exit, rows, folder);
    }
}
