using Pipeline.Manifests;

namespace Pipeline.Planning;

/// <summary>One combination of axis values, before it becomes a <see cref="Job"/>.</summary>
internal sealed record MatrixPoint(PromptSpec Prompt, decimal? Strength, long Seed, string? AspectRatio, ImageSize? Size)
{
    /// <summary>True when every key <paramref name="entry"/> sets has this point's value (1.0 equals 1).</summary>
    public bool Matches(MatrixEntry entry) =>
        (entry.Prompt is null || entry.Prompt == Prompt.Id)
        && (entry.FinetuneStrength is null || entry.FinetuneStrength == Strength)
        && (entry.Seed is null || entry.Seed == Seed)
        && (entry.AspectRatio is null || entry.AspectRatio == AspectRatio)
        && (entry.Size is null || entry.Size == Size);
}
