using Pipeline.Audit;
using Pipeline.Providers;
using Pipeline.Verification;

namespace Pipeline.Execution;

/// <summary>
/// Takes a ready task's result into the campaign folder: download to a temp file (hashing as it streams),
/// verify, then rename into <c>images/</c> with its sidecar, or into <c>quarantine/</c> with the reason.
/// An expired URL gets one fresh poll for a new URL (ARCHITECTURE.md decision 7).
/// </summary>
internal sealed class ResultStore(IImageProvider provider, ImageDownloader downloader, ExecutorOptions options, TimeProvider time)
{
    public async Task<(JobStatus Status, string Verification)> StoreAsync(JobRecord record, SubmittedTask task, TaskPoll ready, RunContext context, CancellationToken cancellationToken)
    {
        var folder = context.Folder;
        var temp = Path.Combine(folder.TempDir, record.Job.Id + ".part");
        var image = ready.InlineImage is { } inline
            ? await SaveInlineAsync(record, inline, temp, cancellationToken)
            : await DownloadAsync(record, task, ready.SampleUrl!, temp, cancellationToken);
        if (image is null)
        {
            return (JobStatus.Failed, "not downloaded");
        }

        record.Sha256 = image.Sha256;
        var facts = ImageInspector.Inspect(temp);
        record.Facts = facts;
        var verdict = Verifier.Check(record.Job, facts, context.Policy, record.Nsfw, ready.Reported);
        var name = CampaignFolder.FileNameFor(record.Job, facts.Format ?? record.Job.OutputFormat);
        if (!verdict.Passed)
        {
            var quarantined = Path.Combine(folder.QuarantineDir, name);
            File.Move(temp, quarantined, overwrite: true);
            record.File = folder.Relative(quarantined);
            return (verdict.NsfwRejected && verdict.Problems.Count == 0 ? JobStatus.NsfwFlagged : JobStatus.VerificationFailed, verdict.AuditText);
        }

        var final = Path.Combine(folder.ImagesDir, name);
        record.File = folder.Relative(final);
        // The record travels inside the file too (issue 6); from here on the audit and sidecar hash the file as stored.
        record.Sha256 = Provenance.Embed(temp, Sidecar.From(record.ToRow(JobStatus.Succeeded, verdict.AuditText), context.ManifestSha256));
        var sidecar = Sidecar.From(record.ToRow(JobStatus.Succeeded, verdict.AuditText), context.ManifestSha256);
        var sidecarTemp = temp + ".json";
        await File.WriteAllTextAsync(sidecarTemp, sidecar.ToJson(), cancellationToken);
        File.Move(temp, final, overwrite: true);
        File.Move(sidecarTemp, final + ".json", overwrite: true);
        return (JobStatus.Succeeded, verdict.AuditText);
    }

    /// <summary>An image that came inside the provider's answer (OpenAI <c>b64_json</c>, data URIs): no HTTP, same checks.</summary>
    private static async Task<DownloadedImage?> SaveInlineAsync(JobRecord record, ReadOnlyMemory<byte> bytes, string temp, CancellationToken cancellationToken)
    {
        try
        {
            return await ImageDownloader.SaveAsync(bytes, temp, cancellationToken);
        }
        catch (DownloadException ex)
        {
            record.Note(ex.Message);
            return null;
        }
    }

    private async Task<DownloadedImage?> DownloadAsync(JobRecord record, SubmittedTask task, Uri url, string temp, CancellationToken cancellationToken)
    {
        var repolled = false;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await downloader.DownloadAsync(url, temp, cancellationToken);
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
