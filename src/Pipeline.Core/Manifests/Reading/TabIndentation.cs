namespace Pipeline.Manifests.Reading;

/// <summary>
/// Finds the tab a YAML scanner stumbled on. YamlDotNet reports a tab in indentation at <c>1:1</c> or at the end of
/// the line before, which sends a person to the wrong place; the tab itself is the first one in the leading
/// whitespace of a line at or after the last node the parser read (issue 14, item 12).
/// </summary>
internal static class TabIndentation
{
    public const string Message = "tab character in indentation; YAML indents with spaces (replace the tab with spaces)";

    /// <summary>Whether a scanner message is about a tab (YamlDotNet: "invalid tab as indentation", "a tab character that violate indentation").</summary>
    public static bool IsAbout(string scannerMessage) => scannerMessage.Contains("tab", StringComparison.OrdinalIgnoreCase);

    /// <summary>The first tab in a line's indentation from <paramref name="fromLine"/> on (else from the top), or null.</summary>
    public static SourcePosition? Find(string yaml, int fromLine)
    {
        var lines = yaml.Split('\n');
        return Scan(lines, Math.Max(1, fromLine)) ?? Scan(lines, 1);
    }

    private static SourcePosition? Scan(string[] lines, int fromLine)
    {
        for (var i = fromLine - 1; i < lines.Length; i++)
        {
            var line = lines[i];
            for (var c = 0; c < line.Length && line[c] is ' ' or '\t'; c++)
            {
                // A line of whitespace alone indents nothing.
                if (line[c] == '\t' && line.AsSpan(c).Trim().Length > 0)
                {
                    return new SourcePosition(i + 1, c + 1);
                }
            }
        }

        return null;
    }
}
