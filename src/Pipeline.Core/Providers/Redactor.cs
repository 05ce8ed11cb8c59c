using System.Text.RegularExpressions;

namespace Pipeline.Providers;

/// <summary>
/// Removes credentials from text that is about to leave the adapter (exception messages, audit details, logs):
/// the exact keys in use, header and query-string credentials (<c>Authorization</c>, <c>x-key</c>, <c>?key=</c>),
/// <c>Bearer</c>/<c>Key</c> tokens, and the known key shapes of Replicate (<c>r8_…</c>), OpenAI (<c>sk-…</c>) and
/// fal (<c>id:secret</c>). Providers do echo keys: OpenAI quotes the rejected key in its 401 message.
/// </summary>
internal static partial class Redactor
{
    /// <summary>What a credential is replaced with.</summary>
    public const string Mask = "[redacted]";

    /// <summary>Shorter secrets are not replaced verbatim: they would mask ordinary words.</summary>
    private const int MinSecretLength = 6;

    /// <summary>Returns <paramref name="text"/> with every credential replaced by <see cref="Mask"/>.</summary>
    /// <param name="secrets">Values known to be secret (the configured key); nulls and short values are ignored.</param>
    public static string Redact(string? text, params ReadOnlySpan<string?> secrets)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        foreach (var secret in secrets)
        {
            if (secret is { Length: >= MinSecretLength })
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        text = HeaderCredential().Replace(text, m => m.Groups["value"].Value == Mask ? m.Value : $"{m.Groups["name"].Value}{m.Groups["sep"].Value}{m.Groups["scheme"].Value}{Mask}");
        text = SchemeToken().Replace(text, m => $"{m.Groups["scheme"].Value} {Mask}");
        text = QueryCredential().Replace(text, m => m.Groups["name"].Value + Mask);
        return KnownKeyShape().Replace(text, Mask);
    }

    /// <summary>The credential values carried by <paramref name="request"/> (<c>Authorization</c> parameter, <c>x-key</c>).</summary>
    internal static string?[] SecretsOf(HttpRequestMessage request)
    {
        var authorization = request.Headers.Authorization;
        var xKey = request.Headers.TryGetValues("x-key", out var values) ? values.FirstOrDefault() : null;
        return [authorization?.Parameter, authorization?.ToString(), xKey];
    }

    [GeneratedRegex("""(?<name>\b(?:authorization|x-key|x-api-key|api[-_]?key|access[-_]?token|token|secret|password))(?<sep>["']?\s*[:=]\s*["']?\s*)(?<scheme>(?:bearer|key|token|basic)\s+)?(?<value>[^\s"',;&}]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderCredential();

    // A token after an auth scheme; it must contain a digit so that prose ("Key requirements…") is left alone.
    [GeneratedRegex("""(?<scheme>\b(?:Bearer|Key|Token))\s+(?=[^\s]*\d)[A-Za-z0-9._~+/=:-]{12,}""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SchemeToken();

    [GeneratedRegex("""(?<name>[?&](?:key|api_key|apikey|token|access_token|sig|signature|x-key)=)[^&\s"'#]+""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QueryCredential();

    [GeneratedRegex("""\br8_[A-Za-z0-9]{20,}|\bsk-[A-Za-z0-9_-]{16,}|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[0-9a-f]{16,}\b""", RegexOptions.CultureInvariant)]
    private static partial Regex KnownKeyShape();
}
