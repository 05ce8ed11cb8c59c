using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Sandbox.Faults;

/// <summary>
/// The sandbox's one source of behavioural randomness: a <see cref="Random"/> seeded by <see cref="SandboxOptions.RandomSeed"/>
/// behind a lock, so a run with the same requests in the same order behaves the same. Identifiers (task ids,
/// delivery tokens) are deliberately not drawn from it: they must stay unique across sandbox restarts, or a resumed
/// run could poll an old id and receive another task's result.
/// </summary>
internal sealed class FaultInjector(int seed)
{
    private readonly Lock _gate = new();
    private readonly Random _random = new(seed);

    public int Seed => seed;

    /// <summary>True with probability <paramref name="rate"/>. A zero rate draws nothing, so disabled faults do not shift the sequence.</summary>
    public bool Roll(double rate)
    {
        if (rate <= 0)
        {
            return false;
        }

        lock (_gate)
        {
            return _random.NextDouble() < rate;
        }
    }

    /// <summary>Uniform in [0, <paramref name="max"/>].</summary>
    public TimeSpan Jitter(TimeSpan max)
    {
        if (max <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        lock (_gate)
        {
            return TimeSpan.FromTicks(_random.NextInt64(max.Ticks + 1));
        }
    }

    /// <summary>A seed for a request that did not send one (BFL picks one at random).</summary>
    public long NextSeed()
    {
        lock (_gate)
        {
            return _random.Next();
        }
    }

    /// <summary>A value in [0, 1) fixed by the seed and <paramref name="key"/>, independent of request order.</summary>
    public double Stable(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}\n{key}"));
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) / (double)(1UL << 53);
    }
}
