using System.Security.Cryptography;
using Polly;
using Polly.Retry;
using Pipeline.Records;

namespace Pipeline.Publishing;

/// <summary>
/// The <c>publish</c> use case: puts the selected files of a campaign folder into an object store, idempotently
/// (docs/architecture.md#41-publishing). An object whose SHA-256 matches is skipped; a different one is refused
/// unless <see cref="PublishOptions.Overwrite"/> (records, <c>audit.csv</c> and the report, are replaced). Every
/// outcome is appended to <c>published.csv</c> as it happens, so a run cut short is completed by the next one.
/// </summary>
public sealed class Publisher(IObjectStore store, TimeProvider time, PublishOptions options)
{
    private readonly ResiliencePipeline _retry = new ResiliencePipelineBuilder { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientStoreErrors.IsTransient),
            MaxRetryAttempts = Math.Max(1, options.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryDelay,
        })
        .Build();

    /// <summary>Checks the bucket or container, creating it with <see cref="PublishOptions.Create"/>.</summary>
    /// <exception cref="PublishConfigurationException">It does not exist and may not be created.</exception>
    /// <returns>False when it is missing and this is a dry run (everything would be uploaded).</returns>
    public async Task<bool> PrepareAsync(PublishDestination destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (await _retry.ExecuteAsync(async t => await store.ContainerExistsAsync(t), cancellationToken))
        {
            return true;
        }

        var what = destination.Kind == StoreKind.S3 ? "bucket" : "container";
        if (!options.Create)
        {
            throw new PublishConfigurationException($"{what} '{destination.Container}' does not exist; pass --create to create it.");
        }

        if (options.DryRun)
        {
            return false;
        }

        await _retry.ExecuteAsync(async t => await store.CreateContainerAsync(t), cancellationToken);
        return true;
    }

    /// <summary>Publishes <paramref name="items"/> of <paramref name="folder"/>; never throws for one file's failure.</summary>
    /// <param name="log">Receives every outcome; null for a dry run.</param>
    /// <param name="onEach">Called as each file is done (progress), from any thread.</param>
    /// <param name="containerExists">False for a dry run into a missing container: nothing is looked up.</param>
    /// <param name="drainToken">Cancelled to stop starting uploads (the first Ctrl+C); those in flight finish.</param>
    /// <param name="cancellationToken">Cancelled to stop at once, uploads in flight too.</param>
    /// <exception cref="OperationCanceledException">Stopped before every file was done: the outcomes so far are in <paramref name="log"/>.</exception>
    public async Task<IReadOnlyList<PublishOutcome>> PublishAsync(CampaignFolder folder, PublishDestination destination, IReadOnlyList<PublishItem> items, PublishedLog? log, Action<PublishOutcome>? onEach, bool containerExists, CancellationToken drainToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(items);
        var campaign = Path.GetFileName(folder.Root);
        var outcomes = new PublishOutcome?[items.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), parallel, async (i, token) =>
        {
            // Some S3-compatible stores keep the part of an aborted PUT: let a started upload finish.
            if (drainToken.IsCancellationRequested)
            {
                return;
            }

            var item = items[i];
            var outcome = await PublishOneAsync(item, destination.KeyFor(campaign, item.RelativePath), containerExists, token);
            log?.Append(time.GetUtcNow(), destination, outcome);
            outcomes[i] = outcome;
            onEach?.Invoke(outcome);
        });
        var done = outcomes.OfType<PublishOutcome>().ToList();
        if (done.Count < items.Count)
        {
            throw new OperationCanceledException("stopped before every file was published", null, drainToken);
        }

        return done;
    }

    private async Task<PublishOutcome> PublishOneAsync(PublishItem item, string key, bool containerExists, CancellationToken cancellationToken)
    {
        if (!File.Exists(item.FullPath))
        {
            return new PublishOutcome(item, key, PublishStatus.Failed, null, 0, "the file is missing");
        }

        var (sha, bytes) = await HashAsync(item.FullPath, cancellationToken);
        if (item.ExpectedSha256 is { } expected && expected != sha)
        {
            var row = item.Kind == PublishItemKind.Rendition ? "renditions.csv" : "audit";
            return new PublishOutcome(item, key, PublishStatus.Failed, sha, bytes, $"does not match its {row} row (SHA-256 {sha[..12]}…, recorded {expected[..Math.Min(12, expected.Length)]}…)");
        }

        try
        {
            var existing = containerExists ? await _retry.ExecuteAsync(async t => await store.FindAsync(key, t), cancellationToken) : null;
            if (existing is not null && existing.Sha256 == sha && existing.Bytes == bytes)
            {
                return new PublishOutcome(item, key, PublishStatus.Skipped, sha, bytes);
            }

            // Our SHA-256 on other bytes is our own upload, torn by a store that keeps partial PUTs: replace it.
            var ours = existing?.Sha256 == sha;
            if (existing is not null && !ours && item.Kind != PublishItemKind.Record && !options.Overwrite)
            {
                var theirs = existing.Sha256 is { } s ? $"SHA-256 {s[..Math.Min(12, s.Length)]}…" : "no SHA-256";
                return new PublishOutcome(item, key, PublishStatus.Refused, sha, bytes, $"a different object is already there ({theirs}); pass --overwrite to replace it");
            }

            var detail = existing is null ? null : "replaced a different object";
            if (options.DryRun)
            {
                return new PublishOutcome(item, key, PublishStatus.Uploaded, sha, bytes, "would upload" + (detail is null ? string.Empty : "; " + detail));
            }

            var metadata = new ObjectMetadata(sha, ContentTypes.For(item.FullPath), item.JobId, item.RequestId);
            await _retry.ExecuteAsync(async t => await store.UploadAsync(key, item.FullPath, metadata, t), cancellationToken);
            return new PublishOutcome(item, key, PublishStatus.Uploaded, sha, bytes, detail);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new PublishOutcome(item, key, PublishStatus.Failed, sha, bytes, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private static async Task<(string Sha256, long Bytes)> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return (Convert.ToHexStringLower(hash), stream.Length);
    }
}
