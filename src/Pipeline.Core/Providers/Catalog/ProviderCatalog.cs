using System.Collections.Frozen;
using Pipeline.Providers.Bfl;
using Pipeline.Providers.CometApi;
using Pipeline.Providers.CometApiResponses;
using Pipeline.Providers.Fal;
using Pipeline.Providers.OpenAi;
using Pipeline.Providers.Replicate;
using Pipeline.Providers.Sandbox;

namespace Pipeline.Providers.Catalog;

/// <summary>
/// The one list of providers: each folder declares its <see cref="ProviderDescriptor"/> and is registered here, above
/// the provider folders, so none of them depends on another through a shared switch (docs/architecture.md#layer-6-providers).
/// </summary>
public static class ProviderCatalog
{
    /// <summary>Every provider, in the order <c>--help</c> and error messages list them.</summary>
    public static IReadOnlyList<ProviderDescriptor> All { get; } =
    [
        SandboxDescriptor.Descriptor,
        BflDescriptor.Descriptor,
        FalDescriptor.Descriptor,
        ReplicateDescriptor.Descriptor,
        OpenAiDescriptor.Descriptor,
        CometApiDescriptor.Descriptor,
        CometApiResponsesDescriptor.Descriptor,
    ];

    private static readonly FrozenDictionary<string, ProviderDescriptor> ByName = All.ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>Provider names a manifest or <c>--provider</c> may use.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(d => d.Name)];

    /// <summary>Every provider's capability rows and gaps: what plans are checked against.</summary>
    public static ProviderCapabilities Capabilities { get; } = new(
        All.SelectMany(d => d.Capabilities),
        All.SelectMany(d => d.Gaps.Select(g => KeyValuePair.Create((d.Name, g.Key), g.Value))).ToDictionary());

    /// <summary>The provider called <paramref name="name"/>, or null.</summary>
    public static ProviderDescriptor? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The provider called <paramref name="name"/>.</summary>
    /// <exception cref="ProviderConfigurationException">No provider has that name.</exception>
    public static ProviderDescriptor Get(string name) =>
        Find(name) ?? throw new ProviderConfigurationException($"provider '{name}' is not supported; supported: {string.Join(", ", Names)}.");

    /// <summary><see cref="ProviderEndpoint.Resolve"/> by name.</summary>
    /// <exception cref="ProviderConfigurationException">Unknown provider, missing key or URL.</exception>
    public static ProviderEndpoint Resolve(string name, Uri? baseUrlOverride, Func<string, string?> environment) =>
        ProviderEndpoint.Resolve(Get(name), baseUrlOverride, environment);
}
