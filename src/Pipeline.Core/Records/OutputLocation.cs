namespace Pipeline.Records;

/// <summary>
/// Where a manifest's campaign folders live when no <c>--output</c> is given (docs/architecture.md#34-the-output-folder-follows-the-manifest):
/// <c>output/</c> in the manifest's project, the nearest folder at or above the manifest that holds <c>.git</c>;
/// outside a repository, <c>output/</c> next to the manifest. The working directory never matters, so a scheduled
/// job or a colleague starting elsewhere finds the same campaign folder, its verified jobs and its spend.
/// </summary>
public static class OutputLocation
{
    /// <summary>The default output root of the manifest at <paramref name="manifestPath"/> (absolute).</summary>
    public static string For(string manifestPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifestPath);
        var manifestFolder = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        for (var folder = new DirectoryInfo(manifestFolder); folder is not null; folder = folder.Parent)
        {
            var git = Path.Combine(folder.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return Path.Combine(folder.FullName, "output");
            }
        }

        return Path.Combine(manifestFolder, "output");
    }

    /// <summary><paramref name="explicitRoot"/> (relative to the working directory) when given, else <see cref="For"/>.</summary>
    public static string Resolve(string? explicitRoot, string manifestPath) =>
        explicitRoot is { Length: > 0 } root ? Path.GetFullPath(root) : For(manifestPath);
}
