using Pipeline.Records;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Records;

/// <summary>The merged audit history of a folder and each job's latest outcome.</summary>
public sealed class CampaignAuditTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Latest_TwoRunsInTheSameSecond_TheLaterInTheLogWinsWhateverTheirRandomSuffixes()
    {
        var folder = new CampaignFolder(_dir.Path);
        using (var log = AuditLog.Open(folder.AuditPath))
        {
            log.Append(Some.Row() with { RunId = "20261121T230000Z-ffff", Sha256 = new string('a', 64) });
            log.Append(Some.Row() with { RunId = "20261121T230000Z-0000", Sha256 = new string('b', 64) });
        }

        var audit = CampaignAudit.Read(folder);

        Assert.Equal(new string('b', 64), Assert.Single(audit.Latest).Sha256);
    }

    [Fact]
    public void Rows_ShardLogs_MergeInRunOrder()
    {
        var folder = new CampaignFolder(_dir.Path);
        using (var whole = AuditLog.Open(folder.AuditPath))
        {
            whole.Append(Some.Row("aaaaaaaaaaaaaaaa") with { RunId = "20261121T230005Z-0001" });
        }

        using (var shard = AuditLog.Open(Path.Combine(_dir.Path, "audit.shard-1-of-2.csv")))
        {
            shard.Append(Some.Row("bbbbbbbbbbbbbbbb") with { RunId = "20261121T230001Z-ffff" });
        }

        var audit = CampaignAudit.Read(folder);

        Assert.Equal(["20261121T230001Z-ffff", "20261121T230005Z-0001"], audit.Rows.Select(r => r.RunId));
    }

    public void Dispose() => _dir.Dispose();
}
