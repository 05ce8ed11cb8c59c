namespace Pipeline.Review;

/// <summary>
/// The only files the review server hands out: images (and their sidecars) under <c>images/</c>, thumbnails under
/// <c>report/thumbs/</c>, renditions under <c>renditions/</c>. A request path is decoded, split into segments
/// (<c>..</c>, <c>.</c>, empty segments, backslashes and NULs are refused), joined under the campaign folder, and its
/// real path (every symbolic link resolved) must still lie inside one of those folders of the campaign's real path.
/// </summary>
internal sealed class ServedFiles
{
    private static readonly string[] Folders = ["images", "report/thumbs", "renditions"];

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".png"] = "image/png",
        [".webp"] = "image/webp",
        [".avif"] = "image/avif",
        [".json"] = "application/json",
    };

    private readonly string _root;
    private readonly string[] _allowed;

    /// <param name="campaignRoot">The campaign folder; resolved once here.</param>
    public ServedFiles(string campaignRoot)
    {
        _root = RealPath.Of(campaignRoot) ?? throw new DirectoryNotFoundException(campaignRoot);
        _allowed = Folders.Select(f => Path.Combine(_root, f) + Path.DirectorySeparatorChar).ToArray();
    }

    /// <summary>The file to serve for <paramref name="requestPath"/> and its content type, or null (answered 404).</summary>
    public (string Path, string ContentType)? Resolve(string? requestPath)
    {
        if (string.IsNullOrEmpty(requestPath))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(requestPath);
        }
        catch (UriFormatException)
        {
            return null;
        }

        var segments = decoded.TrimStart('/').Split('/');
        if (decoded.Contains('\\', StringComparison.Ordinal) || decoded.Contains('\0', StringComparison.Ordinal)
            || segments.Any(s => s is "" or "." or ".." || s.Contains(':', StringComparison.Ordinal)))
        {
            return null;
        }

        if (!ContentTypes.TryGetValue(Path.GetExtension(decoded), out var contentType))
        {
            return null;
        }

        var real = RealPath.Of(Path.Combine(_root, Path.Combine(segments)));
        if (real is null || !_allowed.Any(a => real.StartsWith(a, StringComparison.Ordinal)) || !File.Exists(real))
        {
            return null;
        }

        return (real, contentType);
    }
}
