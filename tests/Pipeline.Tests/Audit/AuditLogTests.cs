using CsvHelper;
using Pipeline.Audit;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Audit;

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

    public void Dispose() => _dir.Dispose();
}
