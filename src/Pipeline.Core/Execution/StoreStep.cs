using Pipeline.Audit;
using Pipeline.Providers;
using Pipeline.Verification;
using Pipeline.Domain;
using Pipeline.Imaging;
using Pipeline.Imaging.Decoding;
using Pipeline.Records;
using Polly;

namespace Pipeline.Execution;

/// <summary>
/// Turns a terminal task into the job's outcome. A ready result goes into the campaign folder: download into memory
/// (hashing as it streams), verify, then write it once, with its provenance, and rename it into <c>images/</c> beside
/// its sidecar, or into <c>quarantine/</c> as received, with the reason. A failed download is fetched again and an
/// expired URL gets one fresh poll for a new URL (<see cref="RetryPipelines.Download"/>,
/// docs/architecture.md#7-download-verify-write-once). Runs after the task's permit is released.
/// </summary>
internal sealed class StoreStep(RunServices services, ImageDownloader downloader) : IDisposable
{
    /// <summary>Results held in memory at once: bounds the buffers (each up to <see cref="ImageDownloader.MaxBytes"/>).</summary>
    private readonly SemaphoreSlim _buffers = new(services.Options.BufferedResults, services.Options.BufferedResults);
    private long _filingTicks;

    /// <summary>
    /// CPU spent verifying results and filing them (provenance, the fsynced write, sidecar, renames), as opposed to
    /// orchestrating the jobs; zero where the thread clock is not available.
    /// </summary>
    public TimeSpan FilingCpu => TimeSpan.FromTicks(Interlocked.Read(ref _filingTicks));

    /// <summary>The job's status and verification text for the terminal <paramref name="poll"/> of <paramref name="task"/>.</summary>
    public async Task<(JobStatus Status, string Verification)> StoreAsync(JobRecord record, SubmittedTask task, TaskPoll poll, CancellationToken cancellationToken)
    {
        switch (poll.State)
        {
            case TaskState.Ready:
                record.BilledUsd = task.ReportedCostUsd ?? ModelCatalog.Models[record.Job.Model].PriceUsd;
                record.Nsfw = poll.Nsfw ?? false;
                return await KeepAsync(record, task, poll, services.Run, cancellationToken);
            case TaskState.RequestModerated:
                record.Note(poll.Detail ?? "Request Moderated");
                return (JobStatus.RequestModerated, "not rendered");
            case TaskState.ContentModerated:
                record.Note(poll.Detail ?? "Content Moderated");
                return (JobStatus.ContentModerated, "not rendered");
            default:
                record.Note(poll.Detail ?? poll.State.ToString());
                return (JobStatus.Failed, "not rendered");
        }
    }

    public void Dispose() => _buffers.Dispose();

    private async Task<(JobStatus Status, string Verification)> KeepAsync(JobRecord record, SubmittedTask task, TaskPoll ready, RunContext context, CancellationToken cancellationToken)
    {
        await _buffers.WaitAsync(cancellationToken);
        try
        {
            using var image = ready.InlineImage is { } inline
                ? Inline(record, inline)
                : await DownloadAsync(record, task, ready.SampleUrl!, cancellationToken);
            if (image is null)
            {
                return (JobStatus.Failed, "not downloaded");
            }

            // On the pool, not the socket event thread this may be running on (EventThreads): a 4 MP result takes tens of
            // milliseconds to verify and write, and other jobs' responses would wait. Paid for, it is filed even if cancelled.
            return await Task.Run(
                () =>
                {
                    var cpu = ThreadCpuTime.Now();
                    try
                    {
                        return Keep(record, image, ready, context);
                    }
                    finally
                    {
                        Interlocked.Add(ref _filingTicks, (ThreadCpuTime.Now() - cpu).Ticks);
                    }
                },
                CancellationToken.None);
        }
        finally
        {
            _buffers.Release();
        }
    }

    private static (JobStatus Status, string Verification) Keep(JobRecord record, DownloadedImage image, TaskPoll ready, RunContext context)
    {
        var folder = context.Folder;
        record.Sha256 = image.Sha256;
        using var source = image.Bytes.OpenRead();
        // Decoded, not only header-checked (docs/architecture.md#29-verification-decodes). Its timeout is a watchdog on this
        // thread's work, so it runs on the real clock: a run's clock may be a test's that jumps minutes to simulate queueing.
        var decoded = ImageVerification.Decode(image.Bytes.Memory, image.ContentType, TimeProvider.System, CancellationToken.None);
        var facts = decoded.ToFacts(image.Bytes.Length);
        record.Facts = facts;
        var verdict = Verifier.Check(record.Job, decoded, image.Bytes.Length, image.ContentType, context.Policy, record.Nsfw, ready.Reported);
        var name = CampaignFolder.FileNameFor(record.Job, facts.Format ?? record.Job.OutputFormat);
        var temp = Path.Combine(folder.TempDir, name);
        if (!verdict.Passed)
        {
            // Kept exactly as received, for a person to look at; a body that is no image under its own name, with the response beside it.
            name = decoded.IsImage() ? Path.ChangeExtension(name, decoded.Format == BodyKind.Webp ? ".webp" : Path.GetExtension(name)) : Path.ChangeExtension(name, ".body");
            File.WriteAllBytes(temp, image.Bytes.Span);
            var quarantined = Path.Combine(folder.QuarantineDir, name);
            File.Move(temp, quarantined, overwrite: true);
            if (image.Headers is { } headers)
            {
                File.WriteAllText(Path.ChangeExtension(quarantined, ".headers.txt"), headers);
            }

            record.File = folder.Relative(quarantined);
            return (verdict.Status, verdict.AuditText);
        }

        var final = Path.Combine(folder.ImagesDir, name);
        record.File = folder.Relative(final);
        if (verdict.NoteText is { } notes)
        {
            record.Note(notes);
        }

        // The record travels inside the file too (issue 6); from here on the audit and sidecar hash the file as stored.
        record.Sha256 = Provenance.Write(source, temp, Sidecar.From(record.ToRow(JobStatus.Succeeded, verdict.AuditText), context.ManifestSha256), image.Sha256, inspected: true);
        var sidecar = Sidecar.From(record.ToRow(JobStatus.Succeeded, verdict.AuditText), context.ManifestSha256);
        var sidecarTemp = temp + ".json";
        File.WriteAllText(sidecarTemp, sidecar.ToJson());
        var replacing = context.Replacing.GetValueOrDefault(record.Job.Id.Value);
        if (replacing is not null)
        {
            record.Note(ForcedRenders.KeepPrevious(folder, replacing));
        }
        else if (File.Exists(final))
        {
            record.Note(ForcedRenders.KeepUnclaimed(folder, final));
        }

        File.Move(temp, final, overwrite: true);
        File.Move(sidecarTemp, final + ".json", overwrite: true);
        if (replacing is not null)
        {
            ForcedRenders.RemoveReplaced(folder, replacing, final);
        }

        return (JobStatus.Succeeded, verdict.AuditText);
    }

    /// <summary>An image that came inside the provider's answer (OpenAI <c>b64_json</c>, data URIs): no HTTP, same checks.</summary>
    private static DownloadedImage? Inline(JobRecord record, ReadOnlyMemory<byte> bytes)
    {
        try
        {
            return ImageDownloader.FromInline(bytes);
        }
        catch (DownloadException ex)
        {
            record.Note(ex.Message);
            return null;
        }
    }

    private async Task<DownloadedImage?> DownloadAsync(JobRecord record, SubmittedTask task, Uri url, CancellationToken cancellationToken)
    {
        var attempts = new DownloadAttempts(record, url, services.Options.DownloadAttempts);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RetryPipelines.DownloadKey, attempts);
        try
        {
            return await services.Retries.Download.ExecuteAsync(
                static (ctx, state) => state.Step.DownloadOnceAsync(state.Attempts, state.Task, ctx.CancellationToken),
                context,
                (Step: this, Attempts: attempts, Task: task));
        }
        catch (DownloadException ex)
        {
            // Stopped between attempts: the task stays in the ledger for the rerun to fetch, it has not failed.
            cancellationToken.ThrowIfCancellationRequested();
            record.Note(ex.Message);
            return null;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<DownloadedImage?> DownloadOnceAsync(DownloadAttempts attempts, SubmittedTask task, CancellationToken cancellationToken)
    {
        if (attempts.NeedsFreshUrl)
        {
            attempts.NeedsFreshUrl = false;
            var fresh = await FreshUrlAsync(task, cancellationToken);
            if (fresh is null)
            {
                attempts.Record.Note("no fresh URL: the task no longer has a result");
                return null;
            }

            attempts.Url = fresh;
        }

        return await downloader.DownloadAsync(attempts.Url, cancellationToken);
    }

    private async Task<Uri?> FreshUrlAsync(SubmittedTask task, CancellationToken cancellationToken)
    {
        try
        {
            var poll = await services.Provider.PollAsync(task, cancellationToken);
            return poll.State == TaskState.Ready ? poll.SampleUrl : null;
        }
        catch (ProviderException)
        {
            return null;
        }
    }
}
