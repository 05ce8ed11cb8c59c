namespace Pipeline.Manifests.Reading;

/// <summary>A YAML node with the 1-based position where it starts.</summary>
internal abstract record YamlNode(SourcePosition Start)
{
    /// <summary>What the node is, for "found …" in messages.</summary>
    public abstract string Describe();
}

/// <summary>A scalar with its text exactly as written (YAML 1.1 coercions are never applied).</summary>
/// <param name="Plain">True when unquoted; only a plain scalar can be null.</param>
internal sealed record YamlScalar(string Text, bool Plain, SourcePosition Start) : YamlNode(Start)
{
    /// <summary>True for an empty plain scalar, <c>~</c> and <c>null</c> (the YAML 1.2 core schema).</summary>
    public bool IsNull => Plain && Text is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>What the YAML 1.2 core schema reads this scalar as (a quoted scalar is always text).</summary>
    public CoreType Type => Plain ? CoreSchema.Resolve(Text) : CoreType.Text;

    public override string Describe() => IsNull ? "nothing (null)" : $"'{Text}'";

    /// <summary>The scalar with the type YAML gives it, for "wrong type" messages.</summary>
    public string DescribeTyped() => Type switch
    {
        CoreType.Text when !Plain => $"the quoted text \"{Text}\"",
        CoreType.Integer or CoreType.Float => $"the number {Text}",
        CoreType.Boolean => $"the boolean {Text}",
        _ => Describe(),
    };
}

internal sealed record YamlSequence(IReadOnlyList<YamlNode> Items, bool Block, SourcePosition Start) : YamlNode(Start)
{
    public override string Describe() => "a list";
}

internal sealed record YamlMapping(IReadOnlyList<YamlEntry> Entries, bool Block, SourcePosition Start) : YamlNode(Start)
{
    public override string Describe() => "a mapping";
}

/// <summary>One <c>key: value</c> pair, in document order (duplicates kept so they can be reported).</summary>
internal sealed record YamlEntry(YamlNode Key, YamlNode Value);
