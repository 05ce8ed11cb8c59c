using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Pipeline.Audit;
using Pipeline.Manifests;
using Pipeline.Planning;
using Pipeline.Providers;
using Pipeline.Providers.Catalog;
using Pipeline.Domain;
using Pipeline.Records;
using Pipeline.Renditions;

using Pipeline.Manifests.Reading;

namespace Pipeline.Execution;

/// <summary>
/// The <c>run</c> use case: validate everything first (<see cref="Prepare"/>: manifest, plan, provider settings,
/// nothing written), then render what is not already verified in the campaign folder (<c>RunAsync</c>).
/// </summary>
/// <param name="loggers">Engine log events (category <c>Pipeline.Execution</c>); default: none.</param>
/// <param name="randomizer">Retry jitter, doubles in [0, 1); default <see cref="Jitter.Shared"/>.</param>
/// <param name="observer">Told as each job starts and ends (metrics); default: none.</param>
public sealed class CampaignRunner(ProviderFactory providers, ImageDownloader downloader, ISandboxHost sandbox, TimeProvider time, Func<string, string?> environment, ILoggerFactory? loggers = null, Func<double>? randomizer = null, IRunObserver? observer = null)
{
    /// <summary>Loads, plans and checks the provider configuration.</summary>
    /// <exception cref="ManifestException">The manifest is invalid (every error, located).</exception>
    /// <exception cref="ProviderConfigurationException">The provider cannot be reached as configured, or its adapter cannot send a job of the plan.</exception>
    /// <exception cref="CampaignLockException"><c>--locked</c> cannot reproduce <c>campaign.lock.json</c>.</exception>
    /// <exception cref="PlanOverBudgetException">The estimate exceeds the budget and partial runs are not allowed.</exception>
    /// <exception cref="JobSelectionException"><c>--only</c> selects nothing or is not understood, or <c>--force</c> came without it.</exception>
    public PreparedRun Prepare(RunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Force && request.Only.Count == 0)
        {
            // Forcing every job would pay for the whole campaign again (docs/architecture.md#46-re-rendering-chosen-jobs-only-and-force).
            throw new JobSelectionException("--force renders verified jobs again and pays for them again, so it needs --only <selector> to say which (for example --only prompt=kettle-hero,seed=11); to render a whole campaign afresh, run it with --output pointing at a new folder.");
        }

        var manifest = new ManifestLoader().Load(request.ManifestPath);
        if (request.Provider is { } provider)
        {
            if (ProviderCatalog.Find(provider) is null)
            {
                throw new ProviderConfigurationException($"--provider '{provider}' is not one of {string.Join(", ", ProviderCatalog.Names)}.");
            }

            manifest = manifest with { Provider = provider };
        }

        var shard = request.Shard == default ? Shard.Whole : request.Shard;
        var folder = CampaignFolder.For(OutputLocation.Resolve(request.OutputRoot, request.ManifestPath), manifest.Campaign, shard);
        var manifestSha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(request.ManifestPath)));
        var plan = LockedPlan.For(manifest, folder.LockPath, manifestSha256, request.Locked);
        var selection = request.Only.Count > 0 ? JobSelection.Of(plan, request.Only) : null;

        // The adapter's own mapping table has the last word, before any call: what passes here is what it sends.
        if (ProviderRequests.Problems(manifest.Provider, plan.Jobs) is { Count: > 0 } problems)
        {
            throw new ProviderConfigurationException($"the plan cannot render on provider '{manifest.Provider}': {string.Join("; ", problems)}.");
        }

        // Shards share the budget: each answers for its 1/n part.
        var cap = request.MaxCostUsd ?? manifest.Limits.MaxCostUsd;
        var shareOfCap = cap is { } c && !shard.IsWhole ? Math.Round(c / shard.Count, 4, MidpointRounding.ToZero) : cap;
        var history = BudgetPreflight.Check(plan, folder, selection, request.Force, request.BaseUrl, shareOfCap, request.MaxCostUsd is null ? "limits.max_cost_usd" : "--max-cost", request.AllowPartial, cancellationToken);
        var descriptor = ProviderCatalog.Get(manifest.Provider);
        if (!descriptor.InProcess || request.BaseUrl is not null)
        {
            _ = ProviderEndpoint.Resolve(descriptor, request.BaseUrl, environment);
        }

        var limits = manifest.Limits;
        var providerLimits = descriptor.Limits;

        // Shards share the provider's limits too.
        var concurrency = ProviderLimits.Min(request.Concurrency ?? limits.Concurrency, providerLimits.ActiveTasks)!.Value;
        var rpm = ProviderLimits.Min(limits.RequestsPerMinute, providerLimits.SubmitsPerMinute);
        var options = new ExecutorOptions
        {
            Concurrency = Math.Max(1, concurrency / shard.Count),
            RequestsPerMinute = rpm is { } r ? Math.Max(1, r / shard.Count) : null,
            MaxAttempts = limits.MaxAttempts,
        };
        if (descriptor.ServiceTime is { } serviceTime)
        {
            options.InitialServiceTime = serviceTime;
        }

        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ProviderConfigurationException(string.Join(" ", errors));
        }

        return new PreparedRun(plan, folder, manifest.Provider, request.BaseUrl, manifestSha256, options, shareOfCap, request.Locked)
        {
            History = history,
            Selection = selection,
            Force = request.Force,
        };
    }

    /// <summary>Renders every job of <paramref name="run"/> that has no verified output yet.</summary>
    /// <exception cref="IOException">The campaign folder is not writable.</exception>
    /// <exception cref="CampaignBusyException">Another process is running this campaign (shard).</exception>
    public Task<RunSummary> RunAsync(PreparedRun run, Action<AuditRow>? onFinished, CancellationToken cancellationToken) =>
        RunAsync(run, onFinished, CancellationToken.None, cancellationToken);

    /// <summary>As <see cref="RunAsync(PreparedRun, Action{AuditRow}?, CancellationToken)"/>, with a token that stops new submits only.</summary>
    public Task<RunSummary> RunAsync(PreparedRun run, Action<AuditRow>? onFinished, CancellationToken drainToken, CancellationToken cancellationToken) =>
        RunAsync(run, onFinished, onPending: null, onRenditionsPending: null, drainToken, cancellationToken);

    /// <summary>
    /// As above; <paramref name="onPending"/> learns how many jobs this run renders once kept files are checked, and
    /// <paramref name="onRenditionsPending"/> how many masters still wait for their renditions when the last job has ended
    /// (the run returns once they are derived).
    /// </summary>
    public async Task<RunSummary> RunAsync(PreparedRun run, Action<AuditRow>? onFinished, Action<int>? onPending, Action<int>? onRenditionsPending, CancellationToken drainToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var folder = run.Folder;
        using var runLock = RunLock.Acquire(folder);
        folder.Create();
        if (!run.Locked)
        {
            CampaignLock.From(run.Plan, run.ManifestSha256).Write(folder.LockPath);
        }

        var history = run.History?.Refresh(folder, run.Provider, cancellationToken) ?? CampaignHistory.Load(folder, run.Provider, cancellationToken);
        var work = RunWork.Of(run, history, RunWork.ReattachableBeforeStart(run.Provider, run.BaseUrl));
        var considered = work.Considered;
        var consideredIds = considered.Select(j => j.Id.Value).ToHashSet(StringComparer.Ordinal);
        var pending = work.Pending;
        onPending?.Invoke(pending.Count);
        var runId = NewRunId();

        // Renditions of verified masters are derived beside the run, on threads that yield to it
        // (docs/architecture.md#40-renditions); not of a master about to be replaced by a forced render.
        await using var renditions = RenditionWorkers.Start(folder, run.Plan.Manifest.Renditions, runId, time, besideRun: true, cancellationToken);
        if (renditions is not null)
        {
            foreach (var master in RenditionMaster.In(folder).Where(m => consideredIds.Contains(m.JobId) && !work.Replacing.ContainsKey(m.JobId)))
            {
                renditions.Enqueue(master);
            }
        }

        if (pending.Count == 0)
        {
            return new RunSummary(considered.Count, work.AlreadyDone, [], 0m, history.SpentBefore(new Dictionary<string, LedgerEntry>()), null, Interrupted: false)
            {
                Renditions = renditions is null ? RenditionTally.None : await renditions.CompleteAsync(),
            };
        }

        var damaged = history.Damaged.Where(d => consideredIds.Contains(d.Row.JobId)).ToList();

        var descriptor = ProviderCatalog.Get(run.Provider);
        var baseUrl = run.BaseUrl ?? (descriptor.InProcess ? await sandbox.StartAsync(cancellationToken) : null);
        var provider = providers.Create(ProviderEndpoint.Resolve(descriptor, baseUrl, environment));
        if (descriptor.InProcess && run.BaseUrl is null)
        {
            // An in-process sandbox dies with its process, and its tasks with it: only this instance's tasks can be re-attached.
            var own = baseUrl!.AbsoluteUri;
            work = work.WithReattach(history, e => e.PollingUrl?.StartsWith(own, StringComparison.Ordinal) == true);
        }

        var inFlight = work.Reattach;
        var budget = new Budget(run.MaxCostUsd, history.SpentBefore(inFlight));
        foreach (var paid in inFlight.Values)
        {
            // Reserved before any new job can take the room: these tasks are already paid for.
            budget.ForceReserve(paid.CostUsd ?? 0m);
        }

        using var audit = AuditLog.Open(folder.AuditPath);
        using var ledger = Ledger.Open(folder.LedgerPath);
        var context = new RunContext(runId, folder, run.Plan.Manifest.Verify, run.ManifestSha256, audit, ledger, budget, inFlight) { Replacing = work.Replacing };
        foreach (var file in damaged)
        {
            DamagedFileQuarantine.SetAside(folder, file, audit, context.RunId, time.GetUtcNow());
        }

        var executor = new CampaignExecutor(provider, downloader, run.Options, time, loggers?.CreateLogger("Pipeline.Execution"), randomizer, observer);
        var record = new RunRecord(context.RunId, folder.Shard.ToString(), run.Plan.Jobs.Count, run.Plan.Jobs.Count(j => folder.Shard.Contains(j.Id)), pending.Count, run.Provider, Environment.ProcessId, Environment.MachineName, time.GetUtcNow());
        record.Write(folder.RunRecordPath);
        RunSummary? summary = null;
        try
        {
            Action<AuditRow>? finished = renditions is null ? onFinished : row =>
            {
                renditions.Enqueue(row);
                onFinished?.Invoke(row);
            };
            summary = await executor.RunAsync(pending, considered.Count, work.AlreadyDone, context, finished, drainToken, cancellationToken) with { Damaged = damaged, Replaced = work.Replacing.Count };
            var providerWorkEnded = time.GetTimestamp();
            KeptFiles.Stamp(folder, summary.Outcomes);
            if (renditions is not null)
            {
                // The provider work is over: the run now waits for the renditions still queued (docs/architecture.md#48-renditions-yield-to-the-run).
                onRenditionsPending?.Invoke(renditions.Queued);
                summary = summary with { Renditions = await renditions.CompleteAsync(), RenditionTail = time.GetElapsedTime(providerWorkEnded) };
            }

            return summary;
        }
        finally
        {
            // What serve and status read: did this run leave work behind? (A killed process leaves no outcome at all.)
            var ended = summary is not null ? record.Ended(summary.Interrupted, summary.StoppedBecause is not null, time.GetUtcNow())
                : record with { FinishedAt = time.GetUtcNow(), Outcome = cancellationToken.IsCancellationRequested ? RunRecord.InterruptedOutcome : RunRecord.FailedOutcome };
            try
            {
                ended.Write(folder.RunRecordPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Auxiliary: the audit log and ledger already hold the truth; never hide the run's own outcome or error.
            }
        }
    }

    private string NewRunId() =>
        time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
}
