using Pipeline.Domain;

namespace Pipeline.Manifests;

/// <summary>The axes of a campaign. Empty lists mean "axis not used" (e.g. no strengths for a base model).</summary>
/// <param name="Seeds">Empty when <see cref="RandomSeedCount"/> is set: the planner draws them.</param>
public sealed record ManifestMatrix(
    IReadOnlyList<PromptSpec> Prompts,
    IReadOnlyList<decimal> FinetuneStrengths,
    IReadOnlyList<long> Seeds,
    IReadOnlyList<string> AspectRatios,
    IReadOnlyList<ImageSize> Sizes,
    IReadOnlyList<MatrixEntry> Exclude,
    IReadOnlyList<MatrixEntry> Include)
{
    /// <summary><c>matrix.finetune_ids</c>: finetunes to compare (A/B); empty when the manifest has one <c>finetune_id</c>.</summary>
    public IReadOnlyList<string> FinetuneIds { get; init; } = [];

    /// <summary><c>seeds: {random: N}</c>: N seeds drawn once at plan time and pinned in <c>campaign.lock.json</c>.</summary>
    public int? RandomSeedCount { get; init; }

    /// <summary><c>matrix.vars</c>, in the order written: each is an axis for the prompts that use it.</summary>
    public IReadOnlyList<PromptVariable> Vars { get; init; } = [];

    /// <summary><c>matrix.zip</c>: groups of axis or var names whose values pair element-wise instead of multiplying.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Zip { get; init; } = [];
}

/// <summary>
/// One prompt of the prompt axis. Null overrides leave the matrix-level axis; a set one replaces it for this prompt.
/// </summary>
/// <param name="Text">The text as written; <c>{name}</c> placeholders are filled per job from <see cref="ManifestMatrix.Vars"/>.</param>
public sealed record PromptSpec(string Id, string Text)
{
    /// <summary>The names of the vars the text uses, in the order of <c>matrix.vars</c>.</summary>
    public IReadOnlyList<string> Uses { get; init; } = [];

    public string? FinetuneId { get; init; }

    public IReadOnlyList<decimal>? FinetuneStrengths { get; init; }

    public IReadOnlyList<string>? AspectRatios { get; init; }

    public IReadOnlyList<ImageSize>? Sizes { get; init; }
}

/// <summary>A prompt variable (<c>matrix.vars.color: [red, blue]</c>); its values are text as written.</summary>
public sealed record PromptVariable(string Name, IReadOnlyList<string> Values);

/// <summary>
/// An <c>include</c>/<c>exclude</c> entry: a partial assignment of axis values. Null means "any".
/// <paramref name="Prompt"/> is a prompt id (as written in <c>matrix.prompts</c>, without var values).
/// </summary>
public sealed record MatrixEntry(
    string? Prompt,
    decimal? FinetuneStrength,
    long? Seed,
    string? AspectRatio,
    ImageSize? Size)
{
    public string? FinetuneId { get; init; }

    /// <summary>Var values by var name.</summary>
    public IReadOnlyDictionary<string, string> Vars { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
