namespace Pipeline.Providers;

/// <summary>What one provider's endpoint for one model takes: the fields a job must and may send, and their ranges.</summary>
/// <param name="Provider">A provider name (<c>bfl</c>, <c>fal</c>, …).</param>
/// <param name="Model">BFL's model name, the manifest's <c>model</c>.</param>
/// <param name="Endpoint">The provider's path or model name for it (<c>fal-ai/flux-pro/v1.1-ultra-finetuned</c>).</param>
/// <param name="Strength">The <c>finetune_strength</c> range; null when the model takes no finetune.</param>
/// <param name="AspectRatios">The <c>aspect_ratio</c> values the host takes (an enum or a range); <see cref="AcceptedRatios.None"/> when it has no such field.</param>
/// <param name="TakesSize">Takes <c>width</c>/<c>height</c> (multiples of 32, 256–1440).</param>
/// <param name="Image">Whether an input <c>image</c> is required (fill models).</param>
/// <param name="Mask">Whether a <c>mask</c> is accepted, and whether it is required.</param>
/// <param name="Params">The fixed request fields it takes, by manifest name.</param>
public sealed record ModelCapability(
    string Provider,
    string Model,
    string Endpoint,
    NumberRange? Strength,
    AcceptedRatios AspectRatios,
    bool TakesSize,
    bool Image,
    Presence Mask,
    IReadOnlyList<ParamSpec> Params)
{
    /// <summary>Requires <c>finetune_id</c>: every model with a strength does.</summary>
    public bool RequiresFinetuneId => Strength is not null;

    public ParamSpec? Param(string name) => Params.FirstOrDefault(p => p.Name == name);
}

/// <summary>An inclusive range.</summary>
public readonly record struct NumberRange(decimal Min, decimal Max)
{
    public bool Contains(decimal value) => value >= Min && value <= Max;
}

/// <summary>Whether a request field may or must be sent.</summary>
public enum Presence
{
    /// <summary>The endpoint has no such field.</summary>
    None,

    /// <summary>The field may be sent.</summary>
    Optional,

    /// <summary>The field must be sent.</summary>
    Required,
}
