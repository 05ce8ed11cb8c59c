using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Pipeline.Manifests.Reading;

/// <summary>
/// Reads YAML parser events into <see cref="YamlNode"/>s that keep every start mark. The
/// representation model would lose duplicate keys and scalar styles, which the messages need.
/// </summary>
internal sealed class YamlTreeReader
{
    /// <summary>Deeper nesting is refused: a manifest needs four levels, and recursion must stay bounded.</summary>
    public const int MaxDepth = 64;

    private readonly Parser _parser;
    private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
    private readonly List<ManifestError> _errors;
    private readonly string _file;
    private readonly string _yaml;

    private YamlTreeReader(string yaml, string file, List<ManifestError> errors)
    {
        _parser = new Parser(new StringReader(yaml));
        _yaml = yaml;
        _file = file;
        _errors = errors;
    }

    /// <summary>Mark of the last event read: where a non-YamlException parser failure is reported.</summary>
    private Mark LastMark { get; set; } = Mark.Empty;

    /// <summary>The single document's root node, or null (with errors added) when there is none.</summary>
    public static YamlNode? Read(string yaml, string file, List<ManifestError> errors) =>
        new YamlTreeReader(yaml, file, errors).ReadStream();

    private YamlNode? ReadStream()
    {
        try
        {
            _parser.MoveNext();
            Consume<StreamStart>();
            if (Accept<StreamEnd>() is { } end)
            {
                Add(end.Start, "the manifest is empty; expected a mapping with version, campaign, provider, model and matrix");
                return null;
            }

            Consume<DocumentStart>();
            var root = ReadNode();
            Consume<DocumentEnd>();
            if (Accept<DocumentStart>() is { } second)
            {
                Add(second.Start, "found a second YAML document ('---'); a manifest is a single document");
            }

            return root;
        }
        catch (YamlException e) when (TabIndentation.IsAbout(e.Message) && TabIndentation.Find(_yaml, (int)LastMark.Line) is { } tab)
        {
            _errors.Add(new ManifestError(_file, tab.Line, tab.Column, string.Empty, TabIndentation.Message));
        }
        catch (YamlException e)
        {
            Add(e.Start, $"YAML syntax error: {e.Message} (check indentation, quotes and brackets)");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 16 throws this instead of a YamlException for some unterminated flow collections.
            Add(LastMark, "YAML syntax error after this point: unterminated '[' or '{' (check brackets and quotes)");
        }

        return null;
    }

    private YamlNode ReadNode(int depth = 0)
    {
        var next = Next();
        if (depth > MaxDepth)
        {
            throw new YamlException(next.Start, next.End, $"nesting deeper than {MaxDepth} levels");
        }

        YamlNode node = next switch
        {
            Scalar s => new YamlScalar(s.Value, s.Style == ScalarStyle.Plain, At(s.Start)),
            SequenceStart s => ReadSequence(s, depth),
            MappingStart m => ReadMapping(m, depth),
            AnchorAlias a => Alias(a),
            _ => throw new YamlException(next.Start, next.End, $"unexpected {next.GetType().Name}"),
        };

        if (next is NodeEvent { Anchor.IsEmpty: false } anchored)
        {
            _anchors[anchored.Anchor.Value] = node;
        }

        return node;
    }

    private YamlSequence ReadSequence(SequenceStart start, int depth)
    {
        var items = new List<YamlNode>();
        while (Accept<SequenceEnd>() is null)
        {
            items.Add(ReadNode(depth + 1));
        }

        return new YamlSequence(items, start.Style != SequenceStyle.Flow, At(start.Start));
    }

    private YamlMapping ReadMapping(MappingStart start, int depth)
    {
        var entries = new List<YamlEntry>();
        while (Accept<MappingEnd>() is null)
        {
            var key = ReadNode(depth + 1);
            entries.Add(new YamlEntry(key, ReadNode(depth + 1)));
        }

        return new YamlMapping(entries, start.Style != MappingStyle.Flow, At(start.Start));
    }

    private YamlNode Alias(AnchorAlias alias)
    {
        if (_anchors.TryGetValue(alias.Value.Value, out var node))
        {
            return node;
        }

        Add(alias.Start, $"unknown alias '*{alias.Value.Value}'; define it first with '&{alias.Value.Value}'");
        return new YamlScalar(string.Empty, Plain: true, At(alias.Start));
    }

    /// <summary>Takes the current event and moves on; the parser always looks one event ahead.</summary>
    private ParsingEvent Next()
    {
        var current = _parser.Current ?? throw new YamlException(LastMark, LastMark, "unexpected end of the document");
        LastMark = current.End;
        _parser.MoveNext();
        return current;
    }

    private void Consume<T>()
        where T : ParsingEvent
    {
        if (Next() is not T)
        {
            throw new YamlException(LastMark, LastMark, $"expected {typeof(T).Name}");
        }
    }

    private T? Accept<T>()
        where T : ParsingEvent =>
        _parser.Current is T ? (T)Next() : null;

    private void Add(Mark mark, string message)
    {
        var at = At(mark);
        _errors.Add(new ManifestError(_file, at.Line, at.Column, string.Empty, message));
    }

    private static SourcePosition At(Mark mark) => new((int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));
}
