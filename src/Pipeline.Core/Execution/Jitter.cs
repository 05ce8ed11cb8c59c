namespace Pipeline.Execution;

/// <summary>
/// The randomizer seam for retry jitter, in Polly's <c>Randomizer</c> shape: a thread-safe source of doubles in
/// [0, 1). The engine takes one by injection so tests can fix the jitter
/// (docs/architecture.md#30-time-and-randomness-through-seams).
/// </summary>
internal static class Jitter
{
    /// <summary>The process-wide generator: the default where none is injected, as <see cref="TimeProvider.System"/> is for time.</summary>
    public static Func<double> Shared { get; } = NextShared;

#pragma warning disable RS0030 // The one place the shared generator is named; everything else takes the seam.
    private static double NextShared() => Random.Shared.NextDouble();
#pragma warning restore RS0030
}
