using Pipeline.Manifests;

namespace Pipeline.Planning;

/// <summary>The expanded campaign: every job in a stable order (prompt, strength, seed, ratio/size, then includes).</summary>
public sealed record Plan(CampaignManifest Manifest, IReadOnlyList<Job> Jobs);
