namespace Pipeline.Review;

/// <summary>
/// A path with every symbolic link along it resolved (as <c>realpath(3)</c>), so that a link inside the campaign
/// folder that points outside it is seen for what it is.
/// </summary>
internal static class RealPath
{
    private const int MaxLinks = 40;

    /// <summary>The resolved absolute path, or null when a link is broken or links loop.</summary>
    public static string? Of(string path)
    {
        var links = 0;
        return Resolve(Path.GetFullPath(path), ref links);
    }

    private static string? Resolve(string full, ref int links)
    {
        var root = Path.GetPathRoot(full) ?? "/";
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    return null;
                }

                var resolved = Resolve(Path.GetFullPath(target, current), ref links);
                if (resolved is null)
                {
                    return null;
                }

                next = resolved;
            }

            current = next;
        }

        return current;
    }
}
