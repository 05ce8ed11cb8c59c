using System.Globalization;
using System.Security.Cryptography;
using Pipeline.Audit;
using Pipeline.Manifests;
using Pipeline.Planning;
using Pipeline.Providers;

namespace Pipeline.Execution;

/// <summary>
/// The <c>run</c> use case: validate everything first (<see cref="Prepare"/>: manifest, plan, provider settings,
/// nothing written), then render what is not already verified in the campaign folder (<see cref="RunAsync"/>).
/// </summary>
public sealed class CampaignRunner(ProviderFactory providers, ImageDownloader downloader, ISandboxHost sandbox, TimeProvider time, Func<string, string?> environment)
{
    /// <summary>The sandbox answers in about 0.3 s; hosted FLUX Ultra in several seconds.</summary>
    private static readonly TimeSpan SandboxServiceTime = TimeSpan.FromMilliseconds(400);

    /// <summary>Loads, plans and checks the provider configuration.</summary>
    /// <exception cref="ManifestException">The manifest is invalid (every error, located).</exception>
    /// <exception cref="ProviderConfigurationException">The provider cannot be reached as configured.</exception>
    /// <exception cref="CampaignLockException"><c>--locked</c> cannot reproduce <c>campaign.lock.json</c>.</exception>
    /// <exception cref="PlanOverBudgetException">The estimate exceeds the budget and partial runs are not allowed.</exception>
    public PreparedRun Prepare(RunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var manifest = new ManifestLoader().Load(request.ManifestPath);
        if (request.Provider is { } provider)
        {
            if (!ModelCatalog.Providers.Contains(provider))
            {
                throw new ProviderConfigurationException($"--provider '{provider}' is not one of {string.Join(", ", ModelCatalog.Providers)}.");
            }

            manifest = manifest with { Provider = provider };
        }

        var folder = CampaignFolder.For(request.OutputRoot, manifest.Campaign);
        var manifestSha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(request.ManifestPath)));
        var plan = LockedPlan.For(manifest, folder.LockPath, manifestSha256, request.Locked);
        BudgetPreflight.Check(plan, folder, request.MaxCostUsd ?? manifest.Limits.MaxCostUsd, request.MaxCostUsd is null ? "limits.max_cost_usd" : "--max-cost", request.AllowPartial);
        if (manifest.Provider != "sandbox" || request.BaseUrl is not null)
        {
            _ = ProviderEndpoint.Resolve(manifest.Provider, request.BaseUrl, environment);
        }

        var limits = manifest.Limits;
        var options = new ExecutorOptions
        {
            Concurrency = request.Concurrency ?? limits.Concurrency,
            RequestsPerMinute = limits.RequestsPerMinute,
            MaxAttempts = limits.MaxAttempts,
        };
        if (manifest.Provider == "sandbox")
        {
            options.InitialServiceTime = SandboxServiceTime;
            options.MinPollInterval = TimeSpan.FromMilliseconds(50);
        }

        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ProviderConfigurationException(string.Join(" ", errors));
        }

        return new PreparedRun(
            plan,
            folder,
            manifest.Provider,
            request.BaseUrl,
            manifestSha256,
            options,
            request.MaxCostUsd ?? limits.MaxCostUsd,
            request.Locked);
    }

    /// <summary>Renders every job of <paramref name="run"/> that has no verified output yet.</summary>
    /// <exception cref="IOException">The campaign folder is not writable.</exception>
    public async Task<RunSummary> RunAsync(PreparedRun run, Action<AuditRow>? onFinished, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var folder = run.Folder;
        folder.Create();
        if (!run.Locked)
        {
            CampaignLock.From(run.Plan, run.ManifestSha256).Write(folder.LockPath);
        }

        var history = AuditReader.Read(folder.AuditPath);
        var done = history
            .Where(r => r.Status == JobStatus.Succeeded && r.File is not null && File.Exists(Path.Combine(folder.Root, r.File)))
            .Select(r => r.JobId)
            .ToHashSet(StringComparer.Ordinal);
        var pending = run.Plan.Jobs.Where(j => !done.Contains(j.Id.Value)).ToList();
        var alreadyDone = run.Plan.Jobs.Count - pending.Count;
        var ledgerState = Ledger.Replay(Ledger.Read(folder.LedgerPath));
        var pendingIds = pending.Select(j => j.Id.Value).ToHashSet(StringComparer.Ordinal);

        // Spend comes from the ledger: settled bills, plus every acknowledged task this run will not re-attach to.
        var unattached = ledgerState.InFlight.Values.Where(e => !pendingIds.Contains(e.JobId)).Sum(e => e.CostUsd ?? 0m);
        var budget = new Budget(run.MaxCostUsd, ledgerState.BilledUsd + unattached);
        if (pending.Count == 0)
        {
            return new RunSummary(run.Plan.Jobs.Count, alreadyDone, [], 0m, budget.SpentUsd, null, Interrupted: false);
        }

        var baseUrl = run.BaseUrl ?? (run.Provider == "sandbox" ? await sandbox.StartAsync(cancellationToken) : null);
        var provider = providers.Create(ProviderEndpoint.Resolve(run.Provider, baseUrl, environment));
        var inFlight = ledgerState.InFlight;
        if (run.Provider == "sandbox" && run.BaseUrl is null)
        {
            // An in-process sandbox dies with its process, and its tasks with it: only this instance's tasks can be re-attached.
            inFlight = inFlight.Values
                .Where(e => e.PollingUrl?.StartsWith(baseUrl!.AbsoluteUri, StringComparison.Ordinal) == true)
                .ToDictionary(e => e.JobId, StringComparer.Ordinal);
        }

        using var audit = AuditLog.Open(folder.AuditPath);
        using var ledger = Ledger.Open(folder.LedgerPath);
        var context = new RunContext(NewRunId(), folder, run.Plan.Manifest.Verify, run.ManifestSha256, audit, ledger, budget, inFlight);
        var executor = new CampaignExecutor(provider, downloader, run.Options, time);
        return await executor.RunAsync(pending, run.Plan.Jobs.Count, alreadyDone, context, onFinished, cancellationToken);
    }

    private string NewRunId() =>
        time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
}
