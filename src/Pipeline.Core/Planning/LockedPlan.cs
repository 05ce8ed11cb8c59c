using Pipeline.Manifests;

namespace Pipeline.Planning;

/// <summary>
/// Plans a campaign against its <c>campaign.lock.json</c>. Without <c>--locked</c>, a <c>{random: N}</c> axis reuses
/// the seeds the lock pinned (see <see cref="RandomSeeds"/>), so a rerun renders the same jobs. With <c>--locked</c>
/// the manifest must be byte-identical to the locked one and must plan to exactly the locked jobs.
/// </summary>
public static class LockedPlan
{
    /// <exception cref="ManifestException">The plan is invalid.</exception>
    /// <exception cref="CampaignLockException">
    /// <paramref name="locked"/> and there is no lock, the manifest changed since, or the plan differs from the lock.
    /// </exception>
    public static Plan For(CampaignManifest manifest, string lockPath, string manifestSha256, bool locked)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        // Only pinned random seeds and --locked need the old lock; otherwise the run compares the new one byte for byte.
        var existing = locked || manifest.Matrix.RandomSeedCount is not null ? CampaignLock.ReadPins(lockPath) : null;
        if (locked)
        {
            if (existing is null)
            {
                throw new CampaignLockException($"--locked: there is no {lockPath}; run once without --locked to plan and pin the campaign");
            }

            if (!string.Equals(existing.ManifestSha256, manifestSha256, StringComparison.Ordinal))
            {
                throw new CampaignLockException(
                    $"--locked: {manifest.SourcePath} changed since {lockPath} was written (manifest sha256 {existing.ManifestSha256[..12]}… then, {manifestSha256[..12]}… now); "
                    + "restore the manifest, or run without --locked to plan the changed campaign");
            }
        }

        var plan = Planner.Expand(manifest, existing?.RandomSeeds);
        if (locked && Difference(existing!, plan) is { } difference)
        {
            throw new CampaignLockException(
                $"--locked: the manifest is unchanged but plans differently from {lockPath}: {difference} "
                + $"(lock written by {existing!.ToolVersion}, this is {CampaignLock.CurrentToolVersion}; a different --provider or changed image/mask files also change the plan)");
        }

        return plan;
    }

    private static string? Difference(LockPins existing, Plan plan)
    {
        if (existing.Jobs.Count != plan.Jobs.Count)
        {
            return $"{existing.Jobs.Count} jobs locked, {plan.Jobs.Count} planned";
        }

        for (var i = 0; i < plan.Jobs.Count; i++)
        {
            if (!string.Equals(existing.Jobs[i].Id, plan.Jobs[i].Id.Value, StringComparison.Ordinal))
            {
                return $"job {i + 1} is {existing.Jobs[i].Id} in the lock, {plan.Jobs[i].Id} now";
            }
        }

        return null;
    }
}
