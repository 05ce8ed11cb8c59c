using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Tests.Support;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Tests.Audit;

/// <summary>The merged campaign view over several audit logs (shards, reruns) and its summary numbers.</summary>
public sealed class AuditSummaryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 23, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Read_ShardLogsAndARerun_MergesThemAndKeepsEachJobsLatestOutcome()
    {
        var folder = new CampaignFolder(_dir.Path);
        Write(folder.AuditPath, Row("a", "run1", JobStatus.Failed, 0m, 1, 0, 3), Row("b", "run1", JobStatus.Succeeded, 0.07m, 1, 0, 2));
        Write(Path.Combine(_dir.Path, "audit.shard-2-of-2.csv"), Row("c", "run2", JobStatus.ContentModerated, 0m, 1, 0, 1), Row("a", "run2", JobStatus.Succeeded, 0.07m, 2, 10, 14));

        var audit = CampaignAudit.Read(folder);

        Assert.Equal(2, audit.Logs.Count);
        Assert.Equal(4, audit.Rows.Count);
        Assert.Equal(["a", "b", "c"], audit.Latest.Select(r => r.JobId));
        Assert.Equal(JobStatus.Succeeded, audit.Latest[0].Status);
        Assert.Equal("run2", audit.Latest[0].RunId);
    }

    [Fact]
    public void Of_MixedOutcomes_CountsJobsSpendLatencyAndAttempts()
    {
        var folder = new CampaignFolder(_dir.Path);
        Write(
            folder.AuditPath,
            Row("a", "run1", JobStatus.Failed, 0m, 3, 0, 20) with { PromptId = "hero" },
            Row("b", "run1", JobStatus.Succeeded, 0.07m, 1, 0, 2) with { PromptId = "hero" },
            Row("c", "run1", JobStatus.Succeeded, 0.06m, 1, 0, 4) with { PromptId = "life", Model = "flux-pro-finetuned" },
            Row("d", "run1", JobStatus.SkippedBudget, 0m, 0, null, null) with { PromptId = "life" },
            Row("a", "run2", JobStatus.Succeeded, 0.07m, 2, 30, 36) with { PromptId = "hero" });

        var s = AuditSummary.Of(CampaignAudit.Read(folder));

        Assert.Equal((4, 5, 2), (s.Jobs, s.Rows, s.Runs));
        Assert.Equal([new StatusCount(JobStatus.Succeeded, 3), new StatusCount(JobStatus.SkippedBudget, 1)], s.ByStatus);
        Assert.Equal(0.75, s.PassRate);
        Assert.Equal(0.20m, s.SpentUsd);
        Assert.Equal([new SpendLine("flux-pro-1.1-ultra-finetuned", 4, 2, 0.14m), new SpendLine("flux-pro-finetuned", 1, 1, 0.06m)], s.SpendByModel);
        Assert.Equal([new SpendLine("hero", 3, 2, 0.14m), new SpendLine("life", 2, 1, 0.06m)], s.SpendByPrompt);
        Assert.Equal(new LatencyStats(4, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20)), s.Latency);
        Assert.Equal(new AttemptStats(7, 3, 2), s.Attempts);
    }

    [Fact]
    public void Of_EmptyLog_HasNoLatencyAndZeroPassRate()
    {
        var folder = new CampaignFolder(_dir.Path);
        Write(folder.AuditPath);

        var s = AuditSummary.Of(CampaignAudit.Read(folder));

        Assert.Equal(0, s.Jobs);
        Assert.Equal(0, s.PassRate);
        Assert.Null(s.Latency);
    }

    private static AuditRow Row(string job, string run, JobStatus status, decimal cost, int attempts, int? submittedS, int? completedS) =>
        Some.Row(job, status) with
        {
            RunId = run,
            CostUsd = cost,
            Attempts = attempts,
            SubmittedAt = submittedS is { } s ? T0.AddSeconds(s) : null,
            CompletedAt = completedS is { } c ? T0.AddSeconds(c) : null,
        };

    private static void Write(string path, params AuditRow[] rows)
    {
        using var log = AuditLog.Open(path);
        foreach (var row in rows)
        {
            log.Append(row);
        }
    }

    public void Dispose() => _dir.Dispose();
}
