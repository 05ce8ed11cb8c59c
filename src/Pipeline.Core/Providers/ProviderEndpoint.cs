namespace Pipeline.Providers;

/// <summary>Where and how to reach a provider: resolved once at start-up from the environment and flags.</summary>
/// <param name="Descriptor">The provider (audit <c>provider</c> is its name).</param>
/// <param name="BaseUrl">The API host (<c>--base-url</c> wins over the environment and the default).</param>
/// <param name="ApiKey">The credential; never printed (see <see cref="ToString"/>).</param>
public sealed record ProviderEndpoint(ProviderDescriptor Descriptor, Uri BaseUrl, string ApiKey)
{
    /// <summary>The manifest's provider name.</summary>
    public string Provider => Descriptor.Name;

    public override string ToString() => $"{Provider} at {BaseUrl} (key redacted)";

    /// <summary>
    /// Resolves <paramref name="descriptor"/> from the environment (docs/architecture.md#contract-command-line): the key
    /// from its <see cref="ProviderDescriptor.KeyVariable"/>, the URL from <paramref name="baseUrlOverride"/>
    /// (<c>--base-url</c>), else its <see cref="ProviderDescriptor.BaseUrlVariable"/>, else its default. An in-process
    /// provider has no default URL: the caller passes the one of the server it started.
    /// </summary>
    /// <exception cref="ProviderConfigurationException">A required variable is missing or a URL is not http(s).</exception>
    public static ProviderEndpoint Resolve(ProviderDescriptor descriptor, Uri? baseUrlOverride, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(environment);
        var provider = descriptor.Name;
        var baseUrl = baseUrlOverride
            ?? (descriptor.BaseUrlVariable is { } variable ? UrlFrom(environment, variable) : null)
            ?? descriptor.DefaultBaseUrl
            ?? throw new ProviderConfigurationException(descriptor.MissingBaseUrl ?? $"provider '{provider}' needs --base-url.");
        if (descriptor.KeyVariable is not { } keyVariable)
        {
            return new ProviderEndpoint(descriptor, baseUrl, descriptor.BuiltInKey ?? string.Empty);
        }

        var key = environment(keyVariable);
        return string.IsNullOrWhiteSpace(key)
            ? throw new ProviderConfigurationException($"provider '{provider}' needs {keyVariable} in the environment.")
            : new ProviderEndpoint(descriptor, baseUrl, key.Trim());
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
