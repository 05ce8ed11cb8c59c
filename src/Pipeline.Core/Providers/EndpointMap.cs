namespace Pipeline.Providers;

/// <summary>One provider's endpoint for one manifest model, with its parameter-mapping table.</summary>
/// <param name="Provider">The provider name used in messages (<c>fal</c>, <c>replicate</c>, …).</param>
/// <param name="Model">BFL's model name, the manifest's <c>model</c>.</param>
/// <param name="Endpoint">The provider's path or model for it (<c>fal-ai/flux-pro/v1.1-ultra-finetuned</c>).</param>
/// <param name="Fields">Every field the endpoint takes, in the order they are written.</param>
internal sealed record EndpointMap(string Provider, string Model, string Endpoint, IReadOnlyList<WireField> Fields)
{
    /// <summary>Fields the adapter always sends with a fixed value (Replicate <c>aspect_ratio: "custom"</c>, OpenAI <c>n: 1</c>).</summary>
    public IReadOnlyDictionary<string, object> Constants { get; init; } = new Dictionary<string, object>(StringComparer.Ordinal);

    /// <summary>Why the provider cannot render this model at all; null when it can.</summary>
    public string? Unavailable { get; init; }

    /// <summary>A map for a model the provider does not serve.</summary>
    public static EndpointMap None(string provider, string model, string reason) =>
        new(provider, model, string.Empty, []) { Unavailable = reason };
}
