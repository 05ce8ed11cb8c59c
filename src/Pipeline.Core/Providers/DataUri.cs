namespace Pipeline.Providers;

/// <summary>
/// Reads <c>data:[media type];base64,…</c> URIs (fal <c>sync_mode</c>, gateways that inline results). They cannot go
/// through <see cref="Uri"/>, which refuses strings over 65,519 characters, so a 4 MP image never fits one.
/// </summary>
internal static class DataUri
{
    public static bool IsDataUri(string? text) => text is not null && text.StartsWith("data:", StringComparison.OrdinalIgnoreCase);

    /// <summary>Decodes a base64 data URI; false for anything else or invalid base64.</summary>
    public static bool TryDecode(string text, out byte[] bytes, out string? mediaType)
    {
        bytes = [];
        mediaType = null;
        if (!IsDataUri(text))
        {
            return false;
        }

        var comma = text.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            return false;
        }

        var header = text.AsSpan(5, comma - 5);
        if (!header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var type = header[..^";base64".Length];
        mediaType = type.IsEmpty ? null : type.ToString();
        return TryBase64(text.AsSpan(comma + 1), out bytes);
    }

    /// <summary>Decodes plain base64 (OpenAI <c>b64_json</c>).</summary>
    public static bool TryBase64(ReadOnlySpan<char> base64, out byte[] bytes)
    {
        var buffer = new byte[(base64.Length / 4 * 3) + 3];
        if (Convert.TryFromBase64Chars(base64.Trim(), buffer, out var written))
        {
            bytes = buffer.AsSpan(0, written).ToArray();
            return true;
        }

        bytes = [];
        return false;
    }
}
