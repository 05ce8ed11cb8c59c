using Pipeline.Domain;

namespace Pipeline.Manifests;

/// <summary>A loaded, type-checked campaign manifest (contract version 1).</summary>
/// <param name="SourcePath">The manifest file as given (used in error messages).</param>
/// <param name="Version">Always 1.</param>
/// <param name="Campaign">Slug naming the output folder.</param>
/// <param name="Provider">sandbox | bfl | fal | replicate | openai | cometapi.</param>
/// <param name="Model">A BFL model name from <see cref="ModelCatalog"/>.</param>
/// <param name="FinetuneId">The one finetune of a <c>*-finetuned</c> campaign; null for base models and when <c>matrix.finetune_ids</c> is the axis.</param>
/// <param name="Matrix">The axes to expand.</param>
/// <param name="Params">Fixed request fields for every job: values are <see cref="string"/>, <see cref="long"/>, <see cref="decimal"/> or <see cref="bool"/>.</param>
/// <param name="Limits">Concurrency, rate and budget limits.</param>
/// <param name="Verify">The verification policy.</param>
/// <param name="Sources">Where each value came from, by key path (<c>matrix.aspect_ratios[1]</c>).</param>
public sealed record CampaignManifest(
    string SourcePath,
    int Version,
    string Campaign,
    string Provider,
    string Model,
    string? FinetuneId,
    ManifestMatrix Matrix,
    IReadOnlyDictionary<string, object> Params,
    ManifestLimits Limits,
    VerifyPolicy Verify,
    SourceMap Sources)
{
    /// <summary>The image to fill (<c>image:</c>, fill models only).</summary>
    public FillInput? Image { get; init; }

    /// <summary>The mask (<c>mask:</c>, fill models only): black keeps, white is filled.</summary>
    public FillInput? Mask { get; init; }

    /// <summary>The channel outputs derived from every verified master (<c>renditions:</c>); empty when none.</summary>
    public IReadOnlyList<RenditionSpec> Renditions { get; init; } = [];
}
