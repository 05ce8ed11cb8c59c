namespace Pipeline.Manifests.Reading;

/// <summary>
/// The state of one manifest read: every error found so far and the position of every key path
/// read. A key path's position is its value's start, or its key's start when the value is a block
/// list or mapping (whose own start is the next line) or empty.
/// </summary>
internal sealed partial class ReadContext(string file)
{
    private readonly Dictionary<string, SourcePosition> _positions = new(StringComparer.Ordinal);
    private readonly List<ManifestError> _errors = [];

    public string File { get; } = file;

    public IReadOnlyList<ManifestError> Errors => _errors;

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static string Index(string path, int index) => $"{path}[{index}]";

    public void Record(string path, SourcePosition at) => _positions.TryAdd(path, at);

    public SourcePosition PositionOf(string path) =>
        _positions.TryGetValue(path, out var at) ? at : new SourcePosition(1, 1);

    public SourceMap ToSourceMap() => new(File, new Dictionary<string, SourcePosition>(_positions, StringComparer.Ordinal));

    public void Error(SourcePosition at, string path, string message) =>
        _errors.Add(new ManifestError(File, at.Line, at.Column, path, message));

    public void Error(string path, string message) => Error(PositionOf(path), path, message);

    public void AddRange(IEnumerable<ManifestError> errors) => _errors.AddRange(errors);

    /// <summary>The errors in document order (stable for errors at the same place).</summary>
    public IReadOnlyList<ManifestError> SortedErrors() => [.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];

    /// <summary>
    /// Checks <paramref name="node"/> is a mapping whose keys are all in <paramref name="allowed"/>,
    /// reporting unknown (with a suggestion), duplicate and non-scalar keys; records each key path.
    /// </summary>
    /// <param name="refuse">Explains why a known-but-refused key is not allowed here; null means unknown.</param>
    /// <param name="what">Names the mapping in messages: "allowed keys in {what}".</param>
    /// <param name="expected">What a wrong-typed value should have been.</param>
    public Fields? Mapping(YamlNode? node, string path, string what, IReadOnlyList<string> allowed, Func<string, string?>? refuse = null, string expected = "a mapping")
    {
        if (node is null)
        {
            return null;
        }

        if (node is not YamlMapping mapping)
        {
            Error(node.Start, path, $"expected {expected}, found {node.Describe()}; allowed keys in {what}: {string.Join(", ", allowed)}");
            return null;
        }

        var entries = new Dictionary<string, YamlEntry>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            if (entry.Key is not YamlScalar { IsNull: false } key)
            {
                Error(entry.Key.Start, path, $"expected a key name, found {entry.Key.Describe()}; allowed keys: {string.Join(", ", allowed)}");
                continue;
            }

            var keyPath = Join(path, key.Text);
            if (!allowed.Contains(key.Text, StringComparer.Ordinal))
            {
                var hint = Suggestion.DidYouMean(key.Text, allowed);
                var message = refuse?.Invoke(key.Text) ?? $"unknown key '{key.Text}'{hint}";
                Error(key.Start, keyPath, $"{message}; allowed keys in {what}: {string.Join(", ", allowed)}");
            }
            else if (entries.TryGetValue(key.Text, out var first))
            {
                Error(key.Start, keyPath, $"duplicate key '{key.Text}' (first set at line {first.Key.Start.Line}); each key may appear once");
            }
            else
            {
                entries.Add(key.Text, entry);
                Record(keyPath, PositionOf(entry));
            }
        }

        Record(path, mapping.Start);
        return new Fields(this, mapping, path, entries);
    }

    /// <summary>Checks <paramref name="node"/> is a list and records each item's path.</summary>
    public IReadOnlyList<YamlNode>? List(YamlNode? node, string path, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not YamlSequence sequence)
        {
            Error(node.Start, path, $"expected a list of {what}, found {node.Describe()}");
            return null;
        }

        for (var i = 0; i < sequence.Items.Count; i++)
        {
            Record(Index(path, i), sequence.Items[i].Start);
        }

        return sequence.Items;
    }

    private static SourcePosition PositionOf(YamlEntry entry) => entry.Value switch
    {
        YamlScalar { IsNull: true } => entry.Key.Start,
        YamlSequence { Block: true } or YamlMapping { Block: true } => entry.Key.Start,
        _ => entry.Value.Start,
    };
}
