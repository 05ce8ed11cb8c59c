using Pipeline.Domain;

namespace Pipeline.Providers;

/// <summary>
/// Everything the engine knows about one provider, declared once in the provider's folder and registered in
/// <c>Catalog.ProviderCatalog.All</c> (docs/architecture.md#layer-6-providers): its name, where its key and base URL
/// come from, its limits, its mapping table and capability rows, and how to build its adapter.
/// </summary>
public sealed class ProviderDescriptor
{
    private readonly string? _protocol;

    internal ProviderDescriptor(string name, Func<string, EndpointMap> map, Func<Job, bool, WireBody>? build = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Map = map;
        Build = build ?? ((job, readFiles) => WireMapper.Map(map(job.Model), JobFields.Of(job), readFiles));
    }

    /// <summary>The manifest's <c>provider:</c> and <c>--provider</c> name, also the audit <c>provider</c>.</summary>
    public string Name { get; }

    /// <summary>The environment variable holding the key; null when the provider takes none (<see cref="InProcess"/>).</summary>
    public string? KeyVariable { get; init; }

    /// <summary>The key sent when there is no <see cref="KeyVariable"/> (the in-process sandbox's).</summary>
    public string? BuiltInKey { get; init; }

    /// <summary>The environment variable that overrides <see cref="DefaultBaseUrl"/> (<c>BFL_BASE_URL</c>); null when none.</summary>
    public string? BaseUrlVariable { get; init; }

    /// <summary>The API host when nothing overrides it; null when the URL must be given (gateways, the sandbox).</summary>
    public Uri? DefaultBaseUrl { get; init; }

    /// <summary>What to say when there is no base URL at all; default "needs --base-url".</summary>
    public string? MissingBaseUrl { get; init; }

    /// <summary>A bare host (path <c>/</c>) gets <c>v1/</c>, as the OpenAI SDKs complete it (docs/architecture.md#22-base-urls).</summary>
    public bool VersionedBaseUrl { get; init; }

    /// <summary>
    /// Started in-process through <c>Execution.ISandboxHost</c> when no base URL is given: no key, the base URL comes
    /// from the host, and only tasks of that instance can be re-attached (docs/architecture.md#10-the-sandbox-is-a-real-http-server).
    /// </summary>
    public bool InProcess { get; init; }

    /// <summary>The wire protocol recorded in <c>campaign.lock.json</c>; default <see cref="Name"/>.</summary>
    public string Protocol
    {
        get => _protocol ?? Name;
        init => _protocol = value;
    }

    /// <summary>Documented limits (docs/providers.md#limits); default none known.</summary>
    public ProviderLimits Limits { get; init; } = ProviderLimits.None;

    /// <summary>Typical submit-to-result time when known better than the executor's default (the sandbox: 0.4 s).</summary>
    public TimeSpan? ServiceTime { get; init; }

    /// <summary>Timeout of the API client when a call may be held open longer than usual (synchronous renders).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The plan-time capability rows (docs/architecture.md#9-validate-the-whole-plan-first).</summary>
    public IReadOnlyList<ModelCapability> Capabilities { get; init; } = [];

    /// <summary>Why a manifest model has no endpoint here, by model.</summary>
    public IReadOnlyDictionary<string, string> Gaps { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Builds the adapter over an API client whose base address is set, with the resolved key.</summary>
    public required Func<HttpClient, string, IImageProvider> Create { get; init; }

    /// <summary>How <c>--help</c> names it: <c>fal (FAL_KEY)</c>, <c>openai (OPENAI_API_KEY + OPENAI_BASE_URL)</c>.</summary>
    public string Usage => KeyVariable is null ? Name
        : DefaultBaseUrl is null && BaseUrlVariable is not null ? $"{Name} ({KeyVariable} + {BaseUrlVariable})"
        : $"{Name} ({KeyVariable})";

    /// <summary>The mapping table for a manifest model (an <see cref="EndpointMap.None"/> when there is no endpoint).</summary>
    internal Func<string, EndpointMap> Map { get; }

    /// <summary>The body for a job, or why it cannot be sent; <c>false</c>: image files are checked, not read.</summary>
    internal Func<Job, bool, WireBody> Build { get; }

    public override string ToString() => Name;
}
