using Pipeline.Manifests;
using Pipeline.Domain;

namespace Pipeline.Planning;

/// <summary>
/// The expanded campaign: every job in a stable order (per prompt: vars, finetune, strength, seed, ratio/size; then includes).
/// </summary>
public sealed record Plan(CampaignManifest Manifest, IReadOnlyList<Job> Jobs)
{
    /// <summary>The seeds a <c>{random: N}</c> axis was given (drawn or pinned); empty without such an axis.</summary>
    public IReadOnlyList<long> RandomSeeds { get; init; } = [];

    /// <summary>How many of <see cref="RandomSeeds"/> were pinned by <c>campaign.lock.json</c> (the rest were drawn now).</summary>
    public int PinnedRandomSeeds { get; init; }
}
