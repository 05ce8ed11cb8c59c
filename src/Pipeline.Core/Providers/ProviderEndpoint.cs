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
    /// Resolves <paramref name="provider"/> from environment variables (ARCHITECTURE.md, "Contract: command line").
    /// The sandbox has no default URL: the caller passes the one of the server it started.
    /// </summary>
    /// <exception cref="ProviderConfigurationException">A required variable is missing or the provider is not supported.</exception>
    public static ProviderEndpoint Resolve(string provider, Uri? baseUrlOverride, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        switch (provider)
        {
            case "sandbox":
                return new ProviderEndpoint(provider, baseUrlOverride ?? throw new ProviderConfigurationException("provider 'sandbox' needs the URL of a running sandbox."), SandboxKey);
            case "bfl":
                var key = environment("BFL_API_KEY");
                if (string.IsNullOrWhiteSpace(key))
                {
                    throw new ProviderConfigurationException("provider 'bfl' needs BFL_API_KEY in the environment.");
                }

                var fromEnvironment = environment("BFL_BASE_URL");
                var baseUrl = baseUrlOverride
                    ?? (string.IsNullOrWhiteSpace(fromEnvironment) ? Bfl.BflProvider.DefaultBaseUrl : ParseUrl(fromEnvironment, "BFL_BASE_URL"));
                return new ProviderEndpoint(provider, baseUrl, key);
            default:
                throw new ProviderConfigurationException($"provider '{provider}' is not supported by this version; supported: sandbox, bfl.");
        }
    }

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
