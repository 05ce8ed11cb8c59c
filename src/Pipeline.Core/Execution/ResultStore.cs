using Pipeline.Audit;
using Pipeline.Providers;
using Pipeline.Verification;
using Pipeline.Domain;
using Pipeline.Imaging;
using Pipeline.Imaging.Decoding;
using Pipeline.Records;

namespace Pipeline.Execution;

/// <summary>
/// Takes a ready task's result into the campaign folder: download into memory (hashing as it streams), verify,
/// then write it once, with its provenance, and rename it into <c>images/</c> beside its sidecar, or into
/// <c>quarantine/</c> as received, with the reason. An expired URL gets one fresh poll for a new URL
/// (docs/architecture.md#7-download-verify-write-once).
/// </summary>
internal sealed class ResultStore(IImageProvider provider, ImageDownloader downloader, ExecutorOptions options, TimeProvider time) : IDisposable
{
    /// <summary>Results held in memory at once: bounds the buffers (each up to <see cref="ImageDownloader.MaxBytes"/>).</summary>
    private readonly SemaphoreSlim _buffers = new(options.BufferedResults, options.BufferedResults);
    private long _filingTicks;

    /// <summary>
    /// CPU spent verifying results and filing them (provenance, the fsynced write, sidecar, renames), as opposed to
    /// orchestrating the jobs; zero where the thread clock is not available.
    /// </summary>
    public TimeSpan FilingCpu => TimeSpan.FromTicks(Interlocked.Read(ref _filingTicks));

    public async Task<(JobStatus Status, string Verification)> StoreAsync(JobRecord record, SubmittedTask task, TaskPoll ready, RunContext context, CancellationToken cancellationToken)
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

    public void Dispose() => _buffers.Dispose();

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
        // The record travels inside the file too (issue 6); from here on the audit and sidecar hash the file as stored.
        record.Sha256 = Provenance.Write(source, temp, Sidecar.From(record.ToRow(JobStatus.Succeeded, verdict.AuditText), context.ManifestSha256), image.Sha256, inspected: true);
        var sidecar = Sidecar.From(record.ToRow(JobStatus.Succeeded, verdict.AuditText), context.ManifestSha256);
        var sidecarTemp = temp + ".json";
        File.WriteAllText(sidecarTemp, sidecar.ToJson());
        File.Move(temp, final, overwrite: true);
        File.Move(sidecarTemp, final + ".json", overwrite: true);
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
        var repolled = false;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await downloader.DownloadAsync(url, cancellationToken);
            }
            catch (DownloadException ex) when (ex.Failure == DownloadFailure.Expired && !repolled)
            {
                repolled = true;
                record.Note(ex.Message + "; polled again for a fresh URL");
                var fresh = await FreshUrlAsync(task, cancellationToken);
                if (fresh is null)
                {
                    record.Note("no fresh URL: the task no longer has a result");
                    return null;
                }

                url = fresh;
            }
            catch (DownloadException ex) when (ex.Failure == DownloadFailure.Transient && attempt < options.DownloadAttempts)
            {
                record.Note(ex.Message + "; downloaded again");
                await Task.Delay(options.MinPollInterval * attempt, time, cancellationToken);
            }
            catch (DownloadException ex)
            {
                record.Note(ex.Message);
                return null;
            }
        }
    }

    private async Task<Uri?> FreshUrlAsync(SubmittedTask task, CancellationToken cancellationToken)
    {
        try
        {
            var poll = await provider.PollAsync(task, cancellationToken);
            return poll.State == TaskState.Ready ? poll.SampleUrl : null;
        }
        catch (ProviderException)
        {
            return null;
        }
    }
}
