using Pipeline.Manifests;
using Pipeline.Manifests.Reading;

namespace Pipeline.Scheduling;

/// <summary>
/// Loads a schedules file (version 1) with the manifest loader's YAML reading: unknown keys, wrong types and bad
/// values are reported all at once, each at <c>file:line:column</c> with what is allowed.
/// </summary>
public static class ScheduleLoader
{
    /// <summary>Reads and validates the schedules file at <paramref name="path"/>; manifests are checked to exist, not loaded.</summary>
    /// <exception cref="ManifestException">The file cannot be read, is not YAML, or breaks the format (every error).</exception>
    public static ScheduleFile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ManifestException([new ManifestError(path, 1, 1, string.Empty, $"cannot read the schedules file: {e.Message}")]);
        }

        return Parse(yaml, path, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Validates schedules text; relative paths in it are resolved against <paramref name="baseDirectory"/>.</summary>
    /// <exception cref="ManifestException">The text is not YAML or breaks the format (every error, in document order).</exception>
    public static ScheduleFile Parse(string yaml, string sourcePath, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var errors = new List<ManifestError>();
        var root = YamlTreeReader.Read(yaml, sourcePath, errors);
        var context = new ReadContext(sourcePath);
        context.AddRange(errors.Select(Reworded));
        var entries = root is null ? null : ScheduleReader.Read(root, context, baseDirectory);
        if (entries is null || context.Errors.Count > 0)
        {
            throw new ManifestException(context.SortedErrors());
        }

        return new ScheduleFile(Path.GetFullPath(sourcePath), entries);
    }

    /// <summary>The YAML reader speaks of manifests; these two of its messages are about the document itself.</summary>
    private static ManifestError Reworded(ManifestError error) => error.Message switch
    {
        var m when m.StartsWith("the manifest is empty", StringComparison.Ordinal) => error with { Message = "the schedules file is empty; expected version: 1 and a list of schedules" },
        var m when m.Contains("a manifest is a single document", StringComparison.Ordinal) => error with { Message = "found a second YAML document ('---'); a schedules file is a single document" },
        _ => error,
    };
}
