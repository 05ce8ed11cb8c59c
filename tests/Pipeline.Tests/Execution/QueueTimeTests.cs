using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Manifests;
using Pipeline.Planning;
using Pipeline.Providers;
using Pipeline.Tests.Support;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Tests.Execution;

/// <summary>
/// How the executor treats a provider's queue (fal IN_QUEUE, Replicate starting) and answers that arrive with the
/// submit (OpenAI images, Replicate Prefer: wait), on a virtual clock.
/// </summary>
public sealed class QueueTimeTests : IDisposable
{
    private static readonly byte[] Image = TestImages.Jpeg(256, 256);
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task RunAsync_QueuedLongerThanTheJobDeadline_StillSucceedsBecauseQueueTimeIsNotRunTime()
    {
        var provider = new ScriptedProvider(queued: TimeSpan.FromMinutes(40), running: TimeSpan.FromSeconds(10));

        var row = await RunOneAsync(provider, new ExecutorOptions { JobDeadline = TimeSpan.FromMinutes(15) });

        Assert.Equal(JobStatus.Succeeded, row.Status);
        Assert.True(provider.Polls > 1);
    }

    [Fact]
    public async Task RunAsync_RunningLongerThanTheJobDeadline_Fails()
    {
        var provider = new ScriptedProvider(queued: TimeSpan.Zero, running: TimeSpan.FromMinutes(20));

        var row = await RunOneAsync(provider, new ExecutorOptions { JobDeadline = TimeSpan.FromMinutes(15) });

        Assert.Equal(JobStatus.Failed, row.Status);
        Assert.Contains("15-minute job deadline", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_QueuedPastTheQueueDeadline_Fails()
    {
        var provider = new ScriptedProvider(queued: TimeSpan.FromHours(3), running: TimeSpan.FromSeconds(10));

        var row = await RunOneAsync(provider, new ExecutorOptions { QueueDeadline = TimeSpan.FromMinutes(60) });

        Assert.Equal(JobStatus.Failed, row.Status);
        Assert.Contains("still queued", row.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ResultCarriedBySubmit_NoPollAndTheInlineImageIsVerified()
    {
        var provider = new ScriptedProvider(queued: TimeSpan.Zero, running: TimeSpan.Zero, answerAtSubmit: true);

        var row = await RunOneAsync(provider, new ExecutorOptions());

        Assert.Equal(JobStatus.Succeeded, row.Status);
        Assert.Equal(0, provider.Polls);
        Assert.Equal((256, 256), (row.Width, row.Height));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(_dir.Path, "queue", row.File!)))), row.Sha256);
    }

    [Fact]
    public async Task RunAsync_ReportedSizeDisagreesWithTheFile_VerificationFails()
    {
        var provider = new ScriptedProvider(queued: TimeSpan.Zero, running: TimeSpan.Zero, answerAtSubmit: true, reported: new ReportedImage(512, 512, "image/jpeg"));

        var row = await RunOneAsync(provider, new ExecutorOptions());

        Assert.Equal(JobStatus.VerificationFailed, row.Status);
        Assert.Contains("provider reported 512x512", row.Verification, StringComparison.Ordinal);
    }

    [Fact]
    public void PollSchedule_HundredsOfPollsInALongQueue_StaysAtTheCeilingWithoutOverflow()
    {
        var schedule = new PollSchedule(TimeSpan.FromSeconds(8), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(10), schedule.NextDelay(5000, TimeSpan.FromHours(2), null));
    }

    private async Task<AuditRow> RunOneAsync(ScriptedProvider provider, ExecutorOptions options)
    {
        var clock = provider.Clock;
        var folder = CampaignFolder.For(_dir.Path, "queue");
        folder.Create();
        using var audit = AuditLog.Open(folder.AuditPath);
        using var ledger = Ledger.Open(folder.LedgerPath);
        var context = new RunContext("run-1", folder, VerifyPolicy.Default, "sha", audit, ledger, new Budget(null), new Dictionary<string, LedgerEntry>());
        options.Concurrency = 1;
        var executor = new CampaignExecutor(provider, new ImageDownloader(new HttpClient()), options, clock);

        var summary = await executor.RunAsync([Job], 1, 0, context, null, CancellationToken.None, CancellationToken.None);

        return Assert.Single(summary.Outcomes);
    }

    private static Job Job => Some.SizedJob(256, 256);

    public void Dispose() => _dir.Dispose();

    /// <summary>Queued, then running, then Ready with an inline image, by the clock since submit.</summary>
    private sealed class ScriptedProvider(TimeSpan queued, TimeSpan running, bool answerAtSubmit = false, ReportedImage? reported = null) : IImageProvider
    {
        private DateTimeOffset _submittedAt;

        public JumpingTimeProvider Clock { get; } = new();

        public int Polls { get; private set; }

        public string Name => "scripted";

        public Task<SubmittedTask> SubmitAsync(Job job, CancellationToken cancellationToken)
        {
            _submittedAt = Clock.GetUtcNow();
            var task = new SubmittedTask("r-1", new Uri("https://scripted.test/r-1"), null);
            return Task.FromResult(answerAtSubmit ? task with { Completed = Ready() } : task);
        }

        public Task<TaskPoll> PollAsync(SubmittedTask task, CancellationToken cancellationToken)
        {
            Polls++;
            var elapsed = Clock.GetUtcNow() - _submittedAt;
            return Task.FromResult(
                elapsed < queued ? new TaskPoll(TaskState.Pending) { Queued = true }
                : elapsed < queued + running ? new TaskPoll(TaskState.Pending)
                : Ready());
        }

        private TaskPoll Ready() => new(TaskState.Ready, Progress: 1) { InlineImage = Image, Reported = reported };
    }
}
