using Pipeline.Domain;

namespace Pipeline.Providers;

/// <summary>Where and how to reach a provider: resolved once at start-up from the environment and flags.</summary>
/// <param name="Provider">The manifest's provider name (audit <c>provider</c>).</param>
/// <param name="BaseUrl">The API host (<c>--base-url</c> wins over the environment and the default).</param>
/// <param name="ApiKey">The credential; never printed (see <see cref="ToString"/>).</param>
public sealed record ProviderEndpoint(string Provider, Uri BaseUrl, string ApiKey)
{
    /// <summary>The key the in-process sandbox accepts.</summary>
    public const string SandboxKey = "sandbox-key";

    public override string ToString() => $"{Provider} at {BaseUrl} (key redacted)";

    /// <summary>
    /// Resolves <paramref name="provider"/> from environment variables (docs/architecture.md#contract-command-line):
    /// <c>BFL_API_KEY</c> (+ <c>BFL_BASE_URL</c>), <c>FAL_KEY</c>, <c>REPLICATE_API_TOKEN</c>, <c>OPENAI_API_KEY</c> +
    /// <c>OPENAI_BASE_URL</c> (required: there is no default gateway), <c>COMETAPI_KEY</c>. <c>--base-url</c> wins over
    /// the environment and the default. The sandbox has no default URL: the caller passes the one of the server it started.
    /// </summary>
    /// <exception cref="ProviderConfigurationException">A required variable is missing or the provider is not supported.</exception>
    public static ProviderEndpoint Resolve(string provider, Uri? baseUrlOverride, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return provider switch
        {
            "sandbox" => new ProviderEndpoint(provider, baseUrlOverride ?? throw new ProviderConfigurationException("provider 'sandbox' needs the URL of a running sandbox."), SandboxKey),
            "bfl" => From(provider, "BFL_API_KEY", baseUrlOverride ?? UrlFrom(environment, "BFL_BASE_URL") ?? Bfl.BflProvider.DefaultBaseUrl, environment),
            "fal" => From(provider, "FAL_KEY", baseUrlOverride ?? Fal.FalProvider.DefaultBaseUrl, environment),
            "replicate" => From(provider, "REPLICATE_API_TOKEN", baseUrlOverride ?? Replicate.ReplicateProvider.DefaultBaseUrl, environment),
            "openai" => From(
                provider,
                "OPENAI_API_KEY",
                baseUrlOverride ?? UrlFrom(environment, "OPENAI_BASE_URL")
                    ?? throw new ProviderConfigurationException("provider 'openai' needs OPENAI_BASE_URL (or --base-url), e.g. https://api.lumenfall.ai/openai/v1; there is no default gateway."),
                environment),
            "cometapi" => From(provider, "COMETAPI_KEY", baseUrlOverride ?? CometApi.CometApi.DefaultBaseUrl, environment),
            _ => throw new ProviderConfigurationException($"provider '{provider}' is not supported; supported: {string.Join(", ", ModelCatalog.Providers)}."),
        };
    }

    private static ProviderEndpoint From(string provider, string keyVariable, Uri baseUrl, Func<string, string?> environment)
    {
        var key = environment(keyVariable);
        return string.IsNullOrWhiteSpace(key)
            ? throw new ProviderConfigurationException($"provider '{provider}' needs {keyVariable} in the environment.")
            : new ProviderEndpoint(provider, baseUrl, key.Trim());
    }

    private static Uri? UrlFrom(Func<string, string?> environment, string variable) =>
        environment(variable) is { } value && !string.IsNullOrWhiteSpace(value) ? ParseUrl(value.Trim(), variable) : null;

    private static Uri ParseUrl(string value, string variable) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ProviderConfigurationException($"{variable} must be an absolute http(s) URL.");
}

/// <summary>The provider cannot be used as configured (missing key, bad URL). Exit code 2.</summary>
public sealed class ProviderConfigurationException : Exception
{
    public ProviderConfigurationException()
    {
    }

    public ProviderConfigurationException(string message)
        : base(message)
    {
    }

    public ProviderConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
