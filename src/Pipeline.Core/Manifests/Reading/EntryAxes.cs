using Pipeline.Providers;

namespace Pipeline.Manifests.Reading;

/// <summary>What an include/exclude entry may name: the prompt ids and the axes of the model's shape.</summary>
internal sealed record EntryAxes(IReadOnlyList<PromptSpec> Prompts, ModelSpec? Model)
{
    public bool HasStrength => Model is null or { Finetuned: true };

    public bool HasAspectRatio => Model is null || Model.Shape == ModelShape.Ultra;

    public bool HasSize => Model is null || Model.Shape == ModelShape.Sized;
}
