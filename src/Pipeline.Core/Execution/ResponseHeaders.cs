using System.Text;

namespace Pipeline.Execution;

/// <summary>
/// A download's response as text, kept beside a quarantined body so a person can see what the host said (status,
/// content type, server, caching). Headers that may carry a secret are left out, and the URL's query (signed URLs
/// carry tokens) is never written (docs/architecture.md#27-secrets-stay-out-of-every-output).
/// </summary>
internal static class ResponseHeaders
{
    private static readonly string[] SecretWords = ["authorization", "cookie", "key", "token", "secret", "signature", "credential"];

    /// <summary><c>GET https://host/path</c>, the status line, then one <c>Name: value</c> line per header.</summary>
    public static string Describe(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = new StringBuilder();
        if (response.RequestMessage?.RequestUri is { } url)
        {
            text.Append(response.RequestMessage.Method).Append(' ').AppendLine(url.GetLeftPart(UriPartial.Path));
        }

        text.Append("HTTP/").Append(response.Version).Append(' ').Append((int)response.StatusCode).Append(' ').AppendLine(response.ReasonPhrase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!SecretWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase)))
            {
                text.Append(name).Append(": ").AppendLine(string.Join(", ", values));
            }
        }

        return text.ToString();
    }
}
