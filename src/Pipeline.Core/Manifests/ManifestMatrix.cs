namespace Pipeline.Manifests;

/// <summary>The axes of a campaign. Empty lists mean "axis not used" (e.g. no strengths for a base model).</summary>
public sealed record ManifestMatrix(
    IReadOnlyList<PromptSpec> Prompts,
    IReadOnlyList<decimal> FinetuneStrengths,
    IReadOnlyList<long> Seeds,
    IReadOnlyList<string> AspectRatios,
    IReadOnlyList<ImageSize> Sizes,
    IReadOnlyList<MatrixEntry> Exclude,
    IReadOnlyList<MatrixEntry> Include);

/// <summary>One prompt of the prompt axis.</summary>
public sealed record PromptSpec(string Id, string Text);

/// <summary>A <c>WIDTHxHEIGHT</c> pixel size (for <c>flux-pro-finetuned</c>).</summary>
public readonly record struct ImageSize(int Width, int Height)
{
    public override string ToString() => $"{Width}x{Height}";
}

/// <summary>
/// An <c>include</c>/<c>exclude</c> entry: a partial assignment of axis values. Null means "any".
/// <paramref name="Prompt"/> is a prompt id.
/// </summary>
public sealed record MatrixEntry(
    string? Prompt,
    decimal? FinetuneStrength,
    long? Seed,
    string? AspectRatio,
    ImageSize? Size);
