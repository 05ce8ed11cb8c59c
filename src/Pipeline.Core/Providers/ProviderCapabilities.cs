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
/// Replicate takes <c>5:4</c> and <c>4:5</c> too, and the table says so; but no output size is published for them
/// (docs/providers.md#output-sizes-ultra), so the verifier could not check their pixels and the manifest language does not offer them.
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
