using System.Globalization;
using CsvHelper;
using Pipeline.Records;
using Pipeline.Tests.Cli;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Export;

/// <summary><c>pipeline export</c> through the command line, on a rendered sweep with hand-written decisions.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Export_Approved_CopiesMastersAndSidecarsAndWritesExportCsv_ThenIsIdempotent()
    {
        var (folder, jobs) = await DecidedSweepAsync();
        var target = _dir.File("handoff");

        var first = await CliRunner.RunAsync("export", folder.Root, "--to", target);
        var again = await CliRunner.RunAsync("export", folder.Root, "--to", target, "--approved");

        Assert.Equal((0, ""), (first.ExitCode, first.Error));
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("3 file(s) selected, 6 copied", first.Output, StringComparison.Ordinal);
        Assert.Contains("3 file(s) selected, 0 copied", again.Output, StringComparison.Ordinal);
        var approved = jobs.Where(j => j.Seed != 1000 && j.FinetuneStrength == 1m).ToList();
        Assert.Equal(
            approved.SelectMany(j => new[] { Path.GetFileName(j.File!), Path.GetFileName(j.File!) + ".json" }).Append("export.csv").Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(target).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var rows = ReadCsv(Path.Combine(target, "export.csv"));
        Assert.Equal(["job_id", "prompt_id", "finetune_id", "finetune_strength", "seed", "aspect_ratio", "rendition", "file", "sha256", "request_id", "decision"], rows[0]);
        Assert.Equal(3, rows.Count - 1);
        var hero = rows.Single(r => r[0] == approved[0].JobId);
        Assert.Equal(
            [approved[0].JobId, "kettle-hero", "acme-brand-v3", "1", approved[0].Seed.ToString(CultureInfo.InvariantCulture), "1:1", "master", Path.GetFileName(approved[0].File!), approved[0].Sha256!, approved[0].RequestId!, approved[0].Seed == 1001 ? "approved;starred" : "approved"],
            hero);
    }

    [Fact]
    public async Task Export_StarredAndAll_SelectWhatTheySay()
    {
        var (folder, jobs) = await DecidedSweepAsync();

        var starred = await CliRunner.RunAsync("export", folder.Root, "--to", _dir.File("starred"), "--starred");
        var all = await CliRunner.RunAsync("export", folder.Root, "--to", _dir.File("all"), "--all");
        var both = await CliRunner.RunAsync("export", folder.Root, "--to", _dir.File("x"), "--all", "--starred");

        Assert.Equal(0, starred.ExitCode);
        Assert.Equal(2, ReadCsv(Path.Combine(_dir.File("starred"), "export.csv")).Count - 1);
        Assert.Equal(36, ReadCsv(Path.Combine(_dir.File("all"), "export.csv")).Count - 1);
        Assert.Equal(2, both.ExitCode);
    }

    [Fact]
    public async Task Export_DifferentFileInTheWay_Exit1NamingItAndCopiesNothing()
    {
        var (folder, jobs) = await DecidedSweepAsync();
        var target = _dir.File("handoff");
        var victim = jobs.First(j => j.Seed == 1002 && j.FinetuneStrength == 1m);
        var inTheWay = _dir.Write(Path.Combine("handoff", Path.GetFileName(victim.File!)), "someone else's file");

        var (exitCode, output, error) = await CliRunner.RunAsync("export", folder.Root, "--to", target);

        Assert.Equal(1, exitCode);
        Assert.Contains(inTheWay, error, StringComparison.Ordinal);
        Assert.Contains("different file", error, StringComparison.Ordinal);
        Assert.Equal([Path.GetFileName(inTheWay)], Directory.EnumerateFiles(target).Select(Path.GetFileName));
        Assert.Equal("someone else's file", File.ReadAllText(inTheWay));
        Assert.Equal("", output);
    }

    [Fact]
    public async Task Export_Rendition_CopiesTheLatestSucceededRenditionInItsOwnFolder()
    {
        var (folder, jobs) = await DecidedSweepAsync();
        var approved = jobs.Where(j => j.Seed != 1000 && j.FinetuneStrength == 1m).ToList();
        var lines = new List<string> { "run_id,job_id,rendition,file,format,width,height,bytes,sha256,source_sha256,status,detail,created_at" };
        foreach (var job in approved)
        {
            var stem = Path.GetFileNameWithoutExtension(job.File!);
            foreach (var (version, status) in new[] { ("old", "succeeded"), ("new", "succeeded"), ("broken", "failed") })
            {
                var file = $"renditions/feed-portrait/{stem}.{version}.jpg";
                var bytes = System.Text.Encoding.UTF8.GetBytes(version + job.JobId);
                Directory.CreateDirectory(Path.Combine(folder.Root, "renditions", "feed-portrait"));
                await File.WriteAllBytesAsync(Path.Combine(folder.Root, file), bytes);
                lines.Add($"r1,{job.JobId},feed-portrait,{file},jpeg,1080,1350,{bytes.Length},{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))},{job.Sha256},{status},,2026-03-01T09:00:00.000Z");
            }
        }

        await File.WriteAllLinesAsync(Path.Combine(folder.Root, "renditions.csv"), lines);
        var target = _dir.File("feed");

        var (exitCode, _, error) = await CliRunner.RunAsync("export", folder.Root, "--to", target, "--rendition", "feed-portrait", "--rendition", "master");
        var unknown = await CliRunner.RunAsync("export", folder.Root, "--to", target, "--rendition", "web-hero");

        Assert.Equal((0, ""), (exitCode, error));
        var rows = ReadCsv(Path.Combine(target, "export.csv")).Skip(1).ToList();
        Assert.Equal(6, rows.Count);
        var renditions = rows.Where(r => r[6] == "feed-portrait").ToList();
        Assert.Equal(3, renditions.Count);
        Assert.All(renditions, r => Assert.Matches("^feed-portrait/.+\\.new\\.jpg$", r[7]));
        Assert.All(renditions, r => Assert.Equal("new" + r[0], File.ReadAllText(Path.Combine(target, r[7]))));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("web-hero", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_WithDecisions_PrintsCountsAndApprovalRatePerStrength()
    {
        var (folder, _) = await DecidedSweepAsync();

        var (exitCode, output, _) = await CliRunner.RunAsync("audit", folder.Root);

        Assert.Equal(0, exitCode);
        Assert.Contains("3 approved, 1 rejected, 2 starred, 32 undecided of 36 images", output, StringComparison.Ordinal);
        Assert.Contains("75%", output, StringComparison.Ordinal);
        Assert.Contains("approval rate = approved ÷ decided", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_NotACampaignFolder_Exit2()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("export", _dir.Path, "--to", _dir.File("x"));

        Assert.Equal(2, exitCode);
        Assert.Contains("not a campaign folder", error, StringComparison.Ordinal);
    }

    /// <summary>The sweep with strength 1 reviewed: seed 1000 rejected, the other three approved; seeds 1001 (strength 1) and 1003 (strength 0) starred.</summary>
    private async Task<(CampaignFolder Folder, IReadOnlyList<AuditRow> Jobs)> DecidedSweepAsync()
    {
        var folder = await RenderedCampaigns.CopyAsync(_dir.Write("strength-sweep.yaml", SweepManifest.Yaml), _dir.File("out"));
        var jobs = CampaignAudit.Read(folder).Latest;
        using var log = ReviewLog.Open(folder.ReviewPath);
        foreach (var row in jobs.Where(r => r.FinetuneStrength == 1m))
        {
            log.Append(new ReviewEntry(T0, "ana", row.JobId, ReviewDecision.Rejected, string.Empty, row.Sha256));
            log.Append(new ReviewEntry(T0, "ana", row.JobId, row.Seed == 1000 ? ReviewDecision.Rejected : ReviewDecision.Approved, string.Empty, row.Sha256));
        }

        log.Append(new ReviewEntry(T0, "ana", jobs.Single(r => r.FinetuneStrength == 1m && r.Seed == 1001).JobId, ReviewDecision.Starred, "hero", null));
        log.Append(new ReviewEntry(T0, "ana", jobs.Single(r => r.FinetuneStrength == 0m && r.Seed == 1003).JobId, ReviewDecision.Starred, string.Empty, null));
        return (folder, jobs);
    }

    private static List<string[]> ReadCsv(string path)
    {
        var bytes = File.ReadAllBytes(path);
        using var csv = CsvReader.Create(bytes.AsMemory(), new CsvReaderOptions { HasHeader = false, FormatProvider = CultureInfo.InvariantCulture });
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add(Enumerable.Range(0, csv.FieldCount).Select(i => csv.GetString(i)).ToArray());
        }

        return rows;
    }

    public void Dispose() => _dir.Dispose();
}
