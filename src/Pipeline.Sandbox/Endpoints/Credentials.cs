using Microsoft.AspNetCore.Http;

namespace Pipeline.Sandbox.Endpoints;

/// <summary>Where each protocol carries its key.</summary>
internal enum AuthScheme
{
    /// <summary>BFL: <c>x-key: &lt;key&gt;</c>.</summary>
    XKey,

    /// <summary>Replicate, OpenAI, CometAPI: <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    Bearer,

    /// <summary>fal: <c>Authorization: Key &lt;key&gt;</c>.</summary>
    Key,
}

/// <summary>Reads and checks the key a request presents.</summary>
internal static class Credentials
{
    /// <summary>The presented key, or null when the header is absent, empty or uses another scheme.</summary>
    public static string? Presented(HttpRequest request, AuthScheme scheme)
    {
        if (scheme == AuthScheme.XKey)
        {
            var key = request.Headers["x-key"].ToString();
            return string.IsNullOrWhiteSpace(key) ? null : key;
        }

        var header = request.Headers.Authorization.ToString();
        var prefix = scheme == AuthScheme.Bearer ? "Bearer " : "Key ";
        return header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && header.Length > prefix.Length
            ? header[prefix.Length..].Trim()
            : null;
    }

    /// <summary>True when a key is presented and (if configured) is the required one.</summary>
    public static bool IsValid(string? presented, SandboxState state) =>
        presented is not null && (state.Options.RequiredKey is null || presented == state.Options.RequiredKey);

    /// <summary>The 401 text; quotes a wrong key when <see cref="SandboxOptions.EchoRejectedKey"/> is on, as some hosts do.</summary>
    public static string Rejection(string? presented, SandboxState state, string text) =>
        state.Options.EchoRejectedKey && presented is not null ? $"{text}: {presented}" : text;
}
