using System.Collections.Frozen;

namespace Pipeline.Sandbox.Protocol;

/// <summary>The four model paths the sandbox answers under <c>/v1/</c>.</summary>
internal static class BflModels
{
    private static readonly FrozenDictionary<string, BflModel> ByName = new BflModel[]
    {
        new("flux-pro-1.1-ultra-finetuned", ModelShape.Ultra, Cost: 7, DefaultStrength: 1.2, Steps: null, Guidance: null),
        new("flux-pro-1.1-ultra", ModelShape.Ultra, Cost: 6, DefaultStrength: null, Steps: null, Guidance: null),
        new("flux-pro-finetuned", ModelShape.Sized, Cost: 6, DefaultStrength: 1.1, new FieldRange(1, 50, 40), new FieldRange(1.5, 5, 2.5)),
        new("flux-pro-1.0-fill-finetuned", ModelShape.Fill, Cost: 6, DefaultStrength: 1.1, new FieldRange(15, 50, 50), new FieldRange(1.5, 100, 60)),
    }.ToFrozenDictionary(m => m.Name, StringComparer.Ordinal);

    public static BflModel? Find(string? name) => name is not null && ByName.TryGetValue(name, out var model) ? model : null;
}
