using Pipeline.Planning;
using Pipeline.Records;

namespace Pipeline.Execution;

/// <summary>
/// The current plan of a campaign folder as <c>status</c> counts it: the job ids and provider of
/// <c>campaign.lock.json</c> (rewritten by every run). Without a lock every job counts, as before.
/// </summary>
internal sealed class StatusPlan
{
    private readonly HashSet<string>? _jobs;

    private StatusPlan(HashSet<string>? jobs, string? provider)
    {
        _jobs = jobs;
        Provider = provider;
    }

    public string? Provider { get; }

    public int? Planned => _jobs?.Count;

    public static StatusPlan Read(CampaignFolder folder)
    {
        CampaignLock? locked;
        try
        {
            locked = CampaignLock.Read(folder.LockPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CampaignLockException)
        {
            locked = null; // A lock being rewritten or unreadable: count everything rather than fail a status read.
        }

        return locked is null ? new StatusPlan(null, null) : new StatusPlan(locked.Jobs.Select(j => j.Id).ToHashSet(StringComparer.Ordinal), locked.Provider);
    }

    public bool Contains(string jobId) => _jobs is null || _jobs.Contains(jobId);

    /// <summary>Ledger entries of the plan provider's kind (pretend sandbox spend apart from real spend).</summary>
    public Func<LedgerEntry, bool> SpendCounts(IReadOnlyList<LedgerEntry> entries) =>
        Provider is null ? _ => true : SpendScope.For(Provider, [], entries).Counts;
}
