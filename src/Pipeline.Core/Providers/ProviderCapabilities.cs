using System.Collections.Frozen;

namespace Pipeline.Providers;

/// <summary>
/// The capability table: for each provider and model (rows declared by each provider's descriptor, the whole
/// table is <c>Catalog.ProviderCatalog.Capabilities</c>), the endpoint and the fields a request must and may carry
/// (BFL docs/providers.md#bfl-request-fields, fal docs/providers.md#fal-request-fields, Replicate docs/providers.md#replicate-model-inputs, gateways docs/providers.md#openai-images-gateways). Plans are checked against it before
/// the first paid call (<c>Planning.PlanValidator</c>); adapters map fields with it.
/// A field a host does not document is refused rather than sent and hoped for.
/// </summary>
/// <remarks>
/// The manifest takes any well-formed <c>W:H</c>; each row says which ratios its host takes (BFL's range 21:9 to 9:21,
/// Replicate's enum with 5:4 and 4:5, the nine elsewhere; docs/providers.md#accepted-aspect-ratios), and renders of a
/// ratio without a published size are verified by rule.
/// </remarks>
public sealed class ProviderCapabilities
{
    private readonly FrozenDictionary<(string Provider, string Model), ModelCapability> _byKey;
    private readonly FrozenDictionary<(string Provider, string Model), string> _gaps;

    public ProviderCapabilities(IEnumerable<ModelCapability> capabilities, IReadOnlyDictionary<(string Provider, string Model), string> gaps)
    {
        _byKey = capabilities.ToFrozenDictionary(c => (c.Provider, c.Model));
        _gaps = gaps.ToFrozenDictionary();
    }

    /// <summary>The capability, or null when <paramref name="provider"/> does not serve <paramref name="model"/>.</summary>
    public ModelCapability? Find(string provider, string model) => _byKey.GetValueOrDefault((provider, model));

    /// <summary>Why <paramref name="provider"/> does not serve <paramref name="model"/>, when known.</summary>
    public string? Gap(string provider, string model) => _gaps.GetValueOrDefault((provider, model));

    /// <summary>The models <paramref name="provider"/> serves, by name.</summary>
    public IReadOnlyList<string> ModelsOf(string provider) =>
        [.. _byKey.Keys.Where(k => k.Provider == provider).Select(k => k.Model).Order(StringComparer.Ordinal)];
}
