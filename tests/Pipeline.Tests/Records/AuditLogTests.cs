using CsvHelper;
using Pipeline.Audit;
using Pipeline.Tests.Support;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Tests.Records;

public sealed class AuditLogTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Open_NewFile_WritesContractHeaderInOrder()
    {
        var path = _dir.File("audit.csv");
        using (AuditLog.Open(path))
        {
        }

        var header = File.ReadAllLines(path).Single();
        Assert.Equal(
            "run_id,job_id,campaign,prompt_id,prompt,provider,model,finetune_id,finetune_strength,seed,aspect_ratio,width,height,format,request_id,status,attempts,cost_usd,nsfw,verification,file,sha256,submitted_at,completed_at,detail",
            header);
    }

    [Fact]
    public void Append_RowWithQuotesCommasAndNewlines_ReadsBackWithCsvHelper()
    {
        var path = _dir.File("audit.csv");
        var row = Some.Row(prompt: "A kettle, \"matte\" black\non marble");
        using (var log = AuditLog.Open(path))
        {
            log.Append(row);
        }

        using var csv = CsvReader.FromFile(path);
        Assert.True(csv.Read());
        Assert.Equal("A kettle, \"matte\" black\non marble", csv.GetString("prompt"));
        Assert.Equal("0.8", csv.GetString("finetune_strength"));
        Assert.Equal("0.07", csv.GetString("cost_usd"));
        Assert.Equal("false", csv.GetString("nsfw"));
        Assert.Equal("succeeded", csv.GetString("status"));
        Assert.Equal("2026-11-21T23:00:01.123Z", csv.GetString("submitted_at"));
        Assert.False(csv.Read());
    }

    [Fact]
    public void CampaignAudit_TwoRunsInOneSecond_LatestIsTheRowAppendedLast()
    {
        var folder = CampaignFolder.For(_dir.Path, "acme-spring");
        folder.Create();
        using (var log = AuditLog.Open(folder.AuditPath))
        {
            // The later run's random suffix sorts first: only the order of the rows says which run came last.
            log.Append(Some.Row() with { RunId = "20261121T230000Z-ffff", Status = JobStatus.VerificationFailed, Verification = "kept file: sha256 differs" });
            log.Append(Some.Row() with { RunId = "20261121T230000Z-0001" });
        }

        var audit = CampaignAudit.Read(folder);

        Assert.Equal(("20261121T230000Z-0001", JobStatus.Succeeded), (audit.Latest.Single().RunId, audit.Latest.Single().Status));
    }

    [Fact]
    public void Append_AcrossReopen_HeaderOnceAndRowsRoundTrip()
    {
        var path = _dir.File("audit.csv");
        using (var log = AuditLog.Open(path))
        {
            log.Append(Some.Row("aaaaaaaaaaaaaaaa"));
        }

        using (var log = AuditLog.Open(path))
        {
            log.Append(Some.Row("bbbbbbbbbbbbbbbb", JobStatus.ContentModerated) with { CostUsd = 0m, File = null, Sha256 = null, Width = null, Height = null });
        }

        var rows = AuditReader.Read(path);
        Assert.Equal(["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"], rows.Select(r => r.JobId));
        Assert.Equal(Some.Row("aaaaaaaaaaaaaaaa"), rows[0]);
        Assert.Equal(JobStatus.ContentModerated, rows[1].Status);
        Assert.Null(rows[1].Width);
        Assert.Equal(1, File.ReadAllLines(path).Count(l => l.StartsWith("run_id,", StringComparison.Ordinal)));
    }

    [Fact]
    public void Open_LastRowCutMidField_TruncatesToLastCompleteRowAndKeepsTheTornBytes()
    {
        var path = WriteTwoRows();
        var whole = File.ReadAllBytes(path);
        var torn = "20261121T230000Z-ab12,cccccccccccccccc,acme-spring,kettle-hero,A kett"u8.ToArray();
        File.WriteAllBytes(path, [.. whole, .. torn]);
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 22, 1, 2, 3, 456, TimeSpan.Zero));

        string? copy;
        using (var log = AuditLog.Open(path, time))
        {
            copy = log.TornCopyPath;
            log.Append(Some.Row("dddddddddddddddd"));
        }

        Assert.Equal(path + ".torn-20261122T010203456Z", copy);
        Assert.Equal(torn, File.ReadAllBytes(copy!));
        Assert.Equal(["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb", "dddddddddddddddd"], AuditReader.Read(path).Select(r => r.JobId));
        Assert.Equal(whole, File.ReadAllBytes(path)[..whole.Length]);
    }

    [Fact]
    public void Open_LastRowCutInsideAQuotedFieldWithANewline_DoesNotMistakeTheNewlineForARowEnd()
    {
        var path = WriteTwoRows();
        var whole = File.ReadAllBytes(path);
        var torn = "20261121T230000Z-ab12,cccccccccccccccc,acme-spring,kettle-hero,\"A kettle, \"\"matte\"\" black\r\non mar"u8.ToArray();
        File.WriteAllBytes(path, [.. whole, .. torn]);

        Assert.Equal(2, AuditReader.Read(path).Count); // readers already ignore the torn tail
        Assert.Equal(torn.Length, AuditReader.ReadLog(path).TornBytes);
        using (var log = AuditLog.Open(path))
        {
            Assert.NotNull(log.TornCopyPath);
        }

        Assert.Equal(whole, File.ReadAllBytes(path));
        Assert.Equal(0, AuditReader.ReadLog(path).TornBytes);
    }

    [Fact]
    public void Open_RowCutBetweenCrAndLf_FinishesTheLineBreakAndKeepsTheRow()
    {
        var path = WriteTwoRows();
        var whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..^1]);

        using (var log = AuditLog.Open(path))
        {
            Assert.Null(log.TornCopyPath);
            log.Append(Some.Row("cccccccccccccccc"));
        }

        Assert.Equal(["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb", "cccccccccccccccc"], AuditReader.Read(path).Select(r => r.JobId));
    }

    [Fact]
    public void Open_HeaderItselfTorn_StartsOverWithTheHeader()
    {
        var path = _dir.File("audit.csv");
        File.WriteAllText(path, "run_id,job_id,camp");

        using (var log = AuditLog.Open(path))
        {
            log.Append(Some.Row());
        }

        Assert.Single(AuditReader.Read(path));
        Assert.StartsWith("run_id,job_id,campaign,", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_WholeLog_LeavesItAlone()
    {
        var path = WriteTwoRows();
        var before = File.ReadAllBytes(path);

        using (var log = AuditLog.Open(path))
        {
            Assert.Null(log.TornCopyPath);
        }

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Empty(Directory.GetFiles(_dir.Path, "audit.csv.torn-*"));
    }

    [Fact]
    public void Read_RowWithAnUnknownStatus_NamesFileAndLine()
    {
        var path = WriteTwoRows();
        File.WriteAllText(path, File.ReadAllText(path).Replace("content_moderated", "exploded", StringComparison.Ordinal));

        var error = Assert.Throws<FormatException>(() => AuditReader.Read(path));

        Assert.StartsWith(path + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains("exploded", error.Message, StringComparison.Ordinal);
    }

    private string WriteTwoRows()
    {
        var path = _dir.File("audit.csv");
        using var log = AuditLog.Open(path);
        log.Append(Some.Row("aaaaaaaaaaaaaaaa"));
        log.Append(Some.Row("bbbbbbbbbbbbbbbb", JobStatus.ContentModerated));
        return path;
    }

    public void Dispose() => _dir.Dispose();
}
