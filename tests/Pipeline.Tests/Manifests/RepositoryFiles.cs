namespace Pipeline.Tests.Manifests;

/// <summary>Files of the repository under test, found by walking up from the test binaries.</summary>
internal static class RepositoryFiles
{
    public static string Path(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"'{relative}' not found above {AppContext.BaseDirectory}");
    }
}
