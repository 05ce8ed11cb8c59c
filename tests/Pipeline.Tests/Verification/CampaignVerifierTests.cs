using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Tests.Support;
using Pipeline.Verification;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Tests.Verification;

/// <summary><c>pipeline verify</c>'s checks on a real rendered campaign folder, then on tampered copies of it.</summary>
public sealed class CampaignVerifierTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Run_FreshExampleCampaign_EveryFileOk()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);

        var result = CampaignVerifier.Run(folder);

        Assert.True(result.Passed, string.Join("\n", result.Problems.Select(p => $"{p.File}: {string.Join("; ", p.Problems)}")));
        Assert.Equal(24, result.Checks.Count);
        Assert.All(result.Checks, c => Assert.Equal(CheckResult.Ok, c.Result));
        Assert.Equal((1, 1), (result.AuditLogs, result.Ledgers));
    }

    [Fact]
    public async Task Run_OneByteOfOneImageChanged_FailsThatFileOnlyWithShaAndProviderBytes()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var victim = KeptFiles(folder)[5];
        var bytes = File.ReadAllBytes(Path.Combine(folder.Root, victim));
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(Path.Combine(folder.Root, victim), bytes);

        var result = CampaignVerifier.Run(folder);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(victim, problem.File);
        Assert.Equal(CheckResult.Failed, problem.Result);
        Assert.StartsWith("sha256 mismatch: file ", problem.Problems[0], StringComparison.Ordinal);
        Assert.Contains("bytes differ from the provider's (embedded source_sha256)", problem.Problems);
    }

    [Fact]
    public async Task Run_DeletedImage_Missing()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var victim = KeptFiles(folder)[0];
        File.Delete(Path.Combine(folder.Root, victim));

        var problem = Assert.Single(CampaignVerifier.Run(folder).Problems);

        Assert.Equal((victim, "missing file"), (problem.File, problem.Problems.Single()));
    }

    [Fact]
    public async Task Run_TruncatedImage_ShaMismatchAndNoEoi()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var path = Path.Combine(folder.Root, KeptFiles(folder)[1]);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);

        var problem = Assert.Single(CampaignVerifier.Run(folder).Problems);

        Assert.Contains(problem.Problems, p => p.StartsWith("truncated scan: data ends", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_ImageReplacedByOneOfTheWrongSize_NamesBothSizes()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var row = CampaignAudit.Read(folder).Latest.First(r => r.AspectRatio == "16:9");
        File.WriteAllBytes(Path.Combine(folder.Root, row.File!), TestImages.Jpeg(1024, 576));

        var problem = Assert.Single(CampaignVerifier.Run(folder).Problems);

        Assert.Contains("size 1024x576, audit says 2752x1536", problem.Problems);
        Assert.Contains("no embedded provenance", problem.Problems);
    }

    [Fact]
    public async Task Run_JpgFileHoldingPngBytes_FailsOnContentTypeAndFormat()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var row = CampaignAudit.Read(folder).Latest.First(r => r.AspectRatio == "1:1");
        File.WriteAllBytes(Path.Combine(folder.Root, row.File!), TestImages.Png(2048, 2048));

        var problem = Assert.Single(CampaignVerifier.Run(folder).Problems);

        Assert.Contains("content is png but named .jpg", problem.Problems);
        Assert.Contains("format png, audit says jpeg", problem.Problems);
    }

    [Fact]
    public async Task Run_FileNoAuditRowClaims_IsAnOrphan()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        File.WriteAllBytes(Path.Combine(folder.ImagesDir, "stray.jpg"), TestImages.Jpeg(64, 64));
        File.WriteAllText(Path.Combine(folder.ImagesDir, "ghost.jpg.json"), "{}");

        var problems = CampaignVerifier.Run(folder).Problems;

        Assert.Equal(["images/ghost.jpg.json", "images/stray.jpg"], problems.Select(p => p.File));
        Assert.All(problems, p => Assert.Equal(CheckResult.Orphan, p.Result));
    }

    [Fact]
    public async Task Run_SidecarEdited_FailsOnTheSidecar()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        var sidecar = Path.Combine(folder.Root, KeptFiles(folder)[2] + ".json");
        var original = File.ReadAllText(sidecar);
        var sha = Sidecar.Parse(original)!.Sha256!;
        File.WriteAllText(sidecar, original.Replace(sha, new string('0', 64), StringComparison.Ordinal));

        var problem = Assert.Single(CampaignVerifier.Run(folder).Problems);

        Assert.Equal(["sidecar sha256 differs from the audit"], problem.Problems);
    }

    [Fact]
    public async Task Run_LedgerWithAPaidTaskAndNoOutcome_ReportsItInFlight()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        using (var ledger = Ledger.Open(folder.LedgerPath))
        {
            ledger.Submitted("feedfacefeedface", new Pipeline.Providers.SubmittedTask("req-9", new Uri("http://127.0.0.1:1/v1/get_result?id=req-9"), 0.07m), DateTimeOffset.UtcNow);
            ledger.Settled("0000000000000000", "req-8", "succeeded", 0.07m, DateTimeOffset.UtcNow);
        }

        var problems = CampaignVerifier.Run(folder).Problems;

        Assert.Equal([("feedfacefeedface", CheckResult.InFlight), ("0000000000000000", CheckResult.Unaudited)], problems.Select(p => (p.JobId!, p.Result)));
        Assert.Contains("req-9", problems[0].Problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ModeratedAndFailedJobs_AreListedButAreNotProblems()
    {
        var manifest = _dir.Write("m.yaml", TestManifests.Ultra("moderated", ["fine kettle", "kettle [sandbox:content-moderated]"]));
        await using var sandbox = await SandboxHarness.StartAsync();
        await sandbox.RunAsync(manifest, _dir.Path);

        var result = CampaignVerifier.Run(CampaignFolder.For(_dir.Path, "moderated"));

        Assert.True(result.Passed);
        Assert.Equal([CheckResult.Ok, CheckResult.NoOutput], result.Checks.Select(c => c.Result).Order());
    }

    [Fact]
    public async Task Run_CampaignRenderedAsTwoShards_MergesBothLogsAndLedgers()
    {
        await using var sandbox = await SandboxHarness.StartAsync();
        foreach (var shard in new[] { new Shard(1, 2), new Shard(2, 2) })
        {
            var prepared = sandbox.Runner.Prepare(new RunRequest(Repo.Manifest("example.yaml"), _dir.Path, Shard: shard));
            prepared.Options.RequestsPerMinute = null;
            await sandbox.Runner.RunAsync(prepared, null, CancellationToken.None);
        }

        var result = CampaignVerifier.Run(CampaignFolder.For(_dir.Path, "acme-spring"));

        Assert.True(result.Passed, string.Join("\n", result.Problems.Select(p => string.Join("; ", p.Problems))));
        Assert.Equal((2, 2, 24), (result.AuditLogs, result.Ledgers, result.Checks.Count));
    }

    [Fact]
    public async Task Write_Csv_OneRowPerCheckReadableWithCsvHelper()
    {
        var folder = await RenderedCampaigns.ExampleAsync(_dir.Path);
        File.Delete(Path.Combine(folder.Root, KeptFiles(folder)[0]));

        var path = VerificationCsv.Write(CampaignVerifier.Run(folder));

        Assert.Equal(Path.Combine(folder.ReportDir, "verification.csv"), path);
        using var csv = CsvHelper.CsvReader.FromFile(path);
        var rows = new List<(string File, string Result, string Problems)>();
        while (csv.Read())
        {
            rows.Add((csv.GetString("file"), csv.GetString("result"), csv.GetString("problems")));
        }

        Assert.Equal(24, rows.Count);
        Assert.Equal(23, rows.Count(r => r.Result == "ok"));
        Assert.Equal((KeptFiles(folder)[0], "failed", "missing file"), rows.Single(r => r.Result != "ok"));
    }

    private static List<string> KeptFiles(CampaignFolder folder) =>
        CampaignAudit.Read(folder).Latest.Select(r => r.File!).ToList();

    public void Dispose() => _dir.Dispose();
}
