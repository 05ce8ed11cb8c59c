using System.Collections.Frozen;

namespace Pipeline.Sandbox.Protocol.Replicate;

/// <summary>One official model under <c>/v1/models/black-forest-labs/</c> and the BFL model it renders (docs/providers.md#replicate).</summary>
internal sealed record ReplicateModel(string Name, BflModel Model)
{
    public const string Owner = "black-forest-labs";

    private static readonly FrozenDictionary<string, ReplicateModel> ByName = new ReplicateModel[]
    {
        new("flux-1.1-pro-ultra-finetuned", BflModels.Find("flux-pro-1.1-ultra-finetuned")!),
        new("flux-1.1-pro-ultra", BflModels.Find("flux-pro-1.1-ultra")!),
        new("flux-pro-finetuned", BflModels.Find("flux-pro-finetuned")!),
    }.ToFrozenDictionary(m => m.Name, StringComparer.Ordinal);

    public string Id => $"{Owner}/{Name}";

    public static ReplicateModel? Find(string? owner, string? name) =>
        owner == Owner && name is not null && ByName.TryGetValue(name, out var model) ? model : null;
}

/// <summary>A created prediction: its model and input as sent, and when it was cancelled.</summary>
internal sealed record Prediction(ReplicateModel Model, System.Text.Json.Nodes.JsonNode Input)
{
    public DateTimeOffset? CanceledAt { get; init; }
}
