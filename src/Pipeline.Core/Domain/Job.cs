namespace Pipeline.Domain;

/// <summary>One render: a single point of the campaign matrix, with everything that defines its request.</summary>
/// <param name="Id">Content address of the request.</param>
/// <param name="FinetuneStrength">Null for base models (no strength axis).</param>
/// <param name="AspectRatio">Set for Ultra models.</param>
/// <param name="Size">Set for sized models (<c>flux-pro-finetuned</c>).</param>
/// <param name="OutputFormat"><c>jpeg</c> or <c>png</c>.</param>
/// <param name="Params">Fixed request fields other than the axes (sorted by key).</param>
/// <param name="ImagePath">Fill models: absolute path of the image to fill (sent inline as base64); null otherwise.</param>
/// <param name="MaskPath">Fill models: absolute path of the mask, when one is given; null otherwise.</param>
public sealed record Job(
    JobId Id,
    string Campaign,
    string PromptId,
    string Prompt,
    string Provider,
    string Model,
    string? FinetuneId,
    decimal? FinetuneStrength,
    long Seed,
    string? AspectRatio,
    ImageSize? Size,
    string OutputFormat,
    IReadOnlyDictionary<string, object> Params,
    string? ImagePath = null,
    string? MaskPath = null);
