using System.Security.Cryptography;

namespace Pipeline.Planning;

/// <summary>
/// Materializes a <c>seeds: {random: N}</c> axis (docs/architecture.md#2-seeds-pinned-at-plan-time): N seeds from a CSPRNG, drawn once and
/// then pinned in <c>campaign.lock.json</c>. Pinned seeds are reused in order; only missing ones are drawn, so raising
/// N keeps every seed (and every render) of before, and lowering it keeps the first N.
/// </summary>
internal static class RandomSeeds
{
    /// <summary>Seeds are 0 to 2^31-1, the range every provider takes.</summary>
    public const int MaxSeed = int.MaxValue;

    /// <returns>The N seeds, and how many of them came from <paramref name="pinned"/>.</returns>
    public static (IReadOnlyList<long> Seeds, int Reused) Materialize(int? count, IReadOnlyList<long>? pinned)
    {
        if (count is not { } n)
        {
            return ([], 0);
        }

        var seeds = new List<long>(n);
        var seen = new HashSet<long>();
        foreach (var seed in pinned ?? [])
        {
            if (seeds.Count < n && seed is >= 0 and <= MaxSeed && seen.Add(seed))
            {
                seeds.Add(seed);
            }
        }

        var reused = seeds.Count;
        while (seeds.Count < n)
        {
            var seed = (long)RandomNumberGenerator.GetInt32(0, MaxSeed);
            if (seen.Add(seed))
            {
                seeds.Add(seed);
            }
        }

        return (seeds, reused);
    }
}
