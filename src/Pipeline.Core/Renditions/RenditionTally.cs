namespace Pipeline.Renditions;

/// <summary>What deriving renditions did: files written, files already current (same spec, same master, intact), failures.</summary>
public sealed record RenditionTally(int Derived, int Current, int Failed)
{
    public static RenditionTally None { get; } = new(0, 0, 0);

    /// <summary>CPU the deriving threads spent (zero where a thread's CPU time cannot be read), for the efficiency figures.</summary>
    public TimeSpan Cpu { get; init; }

    public int Total => Derived + Current + Failed;

    public RenditionTally Add(RenditionTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new RenditionTally(Derived + other.Derived, Current + other.Current, Failed + other.Failed) { Cpu = Cpu + other.Cpu };
    }
}
