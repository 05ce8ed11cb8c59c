namespace Pipeline.Manifests.Reading;

/// <summary>The known keys of one mapping, by name. An explicit null value reads as absent.</summary>
internal sealed class Fields(ReadContext context, YamlMapping node, string path, IReadOnlyDictionary<string, YamlEntry> entries)
{
    public YamlMapping Node { get; } = node;

    public string Path { get; } = path;

    /// <summary>The value of <paramref name="key"/>, or null when it is absent or null.</summary>
    public YamlNode? this[string key] =>
        entries.TryGetValue(key, out var entry) && entry.Value is not YamlScalar { IsNull: true } ? entry.Value : null;

    /// <summary>True when <paramref name="key"/> is written, even with an empty value.</summary>
    public bool Has(string key) => entries.ContainsKey(key);

    public string PathOf(string key) => ReadContext.Join(Path, key);

    /// <summary>Where <paramref name="key"/> itself is written (for "this key is not allowed" errors).</summary>
    public SourcePosition KeyStart(string key) => entries.TryGetValue(key, out var entry) ? entry.Key.Start : Node.Start;

    /// <summary>The value of a required key; reports it missing (at this mapping) or empty (at the key).</summary>
    public YamlNode? Required(string key, string expected)
    {
        if (this[key] is { } value)
        {
            return value;
        }

        if (Has(key))
        {
            context.Error(PathOf(key), $"'{key}' has no value; expected {expected}");
        }
        else
        {
            context.Error(context.PositionOf(Path), PathOf(key), $"missing required key '{key}'; expected {expected}");
        }

        return null;
    }

    /// <summary>The value of an optional key; reports it when written without a value.</summary>
    public YamlNode? Optional(string key, string expected)
    {
        if (this[key] is null && Has(key))
        {
            context.Error(PathOf(key), $"'{key}' has no value; expected {expected}, or remove the key");
        }

        return this[key];
    }

    /// <summary>Reports <paramref name="key"/> as not allowed here, if it is written.</summary>
    public void Forbid(string key, string reason)
    {
        if (Has(key))
        {
            context.Error(KeyStart(key), PathOf(key), $"'{key}' is not allowed: {reason}");
        }
    }
}
