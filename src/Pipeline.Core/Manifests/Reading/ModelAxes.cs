using Pipeline.Providers;
using Pipeline.Domain;

namespace Pipeline.Manifests.Reading;

/// <summary>
/// Which axes a model has: a strength and a finetune when finetuned, aspect ratios (Ultra) or sizes (FLUX.1 [pro]),
/// neither for fill (the input image decides the size). Each <c>…Refusal</c> says why the axis is not allowed, or is null.
/// An unknown model (already reported) allows every axis, so its other errors are still found.
/// </summary>
internal sealed record ModelAxes(ModelSpec? Model)
{
    public string? FinetuneRefusal => Model is { Finetuned: false } ? $"{Model.Name} is a base model; remove finetune_id or use {Model.Name}-finetuned" : null;

    public string? StrengthRefusal => Model is { Finetuned: false } ? $"{Model.Name} is a base model without a finetune" : null;

    public string? AspectRatioRefusal => Model?.Shape switch
    {
        ModelShape.Sized => $"{Model.Name} takes sizes like [\"1024x768\"], not aspect ratios",
        ModelShape.Fill => $"{Model.Name} renders at the size of its input image, not at an aspect ratio",
        _ => null,
    };

    public string? SizeRefusal => Model?.Shape switch
    {
        ModelShape.Ultra => $"{Model.Name} takes aspect_ratios like [\"16:9\"], not sizes",
        ModelShape.Fill => $"{Model.Name} renders at the size of its input image, not at a size",
        _ => null,
    };

    public bool HasFinetune => FinetuneRefusal is null;

    public bool HasStrength => StrengthRefusal is null;

    public bool HasAspectRatio => AspectRatioRefusal is null;

    public bool HasSize => SizeRefusal is null;

    /// <summary>True when the model needs the axis (a known model whose shape has it).</summary>
    public bool Needs(string axis) => Model is not null && axis switch
    {
        "finetune_strengths" => Model.Finetuned,
        "aspect_ratios" => Model.Shape == ModelShape.Ultra,
        "sizes" => Model.Shape == ModelShape.Sized,
        _ => false,
    };
}
