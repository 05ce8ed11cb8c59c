using System.Collections.Frozen;

namespace Pipeline.Sandbox.Protocol.Fal;

/// <summary>One fal queue endpoint under <c>/fal-ai/flux-pro/</c> and the BFL model it renders (docs/providers.md#fal-request-fields).</summary>
/// <param name="Path">The part after <c>fal-ai/flux-pro/</c>: <c>v1.1-ultra-finetuned</c>, <c>v1.1-ultra</c>, <c>v1/fill-finetuned</c>.</param>
internal sealed record FalEndpoint(string Path, BflModel Model)
{
    public const string App = "fal-ai/flux-pro";

    private static readonly FrozenDictionary<string, FalEndpoint> ByPath = new FalEndpoint[]
    {
        new("v1.1-ultra-finetuned", BflModels.Find("flux-pro-1.1-ultra-finetuned")!),
        new("v1.1-ultra", BflModels.Find("flux-pro-1.1-ultra")!),
        new("v1/fill-finetuned", BflModels.Find("flux-pro-1.0-fill-finetuned")!),
    }.ToFrozenDictionary(e => e.Path, StringComparer.Ordinal);

    public string Id => $"{App}/{Path}";

    public static FalEndpoint? Find(string? path) => path is not null && ByPath.TryGetValue(path, out var endpoint) ? endpoint : null;
}
