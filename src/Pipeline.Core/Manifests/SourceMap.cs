namespace Pipeline.Manifests;

/// <summary>A 1-based position in a manifest file.</summary>
public readonly record struct SourcePosition(int Line, int Column);

/// <summary>Positions of manifest values by key path (<c>limits.concurrency</c>, <c>matrix.prompts[0].text</c>).</summary>
public sealed class SourceMap(string file, IReadOnlyDictionary<string, SourcePosition> positions)
{
    public string File { get; } = file;

    /// <summary>The position of <paramref name="path"/>, or of its nearest recorded parent, or 1:1.</summary>
    public SourcePosition this[string path]
    {
        get
        {
            for (var p = path; p.Length > 0; p = Parent(p))
            {
                if (positions.TryGetValue(p, out var position))
                {
                    return position;
                }
            }

            return new SourcePosition(1, 1);
        }
    }

    /// <summary>An error located at <paramref name="path"/>.</summary>
    public ManifestError Error(string path, string message)
    {
        var at = this[path];
        return new ManifestError(File, at.Line, at.Column, path, message);
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? string.Empty : path[..cut];
    }
}
