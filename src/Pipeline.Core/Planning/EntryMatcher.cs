using Pipeline.Manifests;
using Pipeline.Domain;

namespace Pipeline.Planning;

/// <summary>An include/exclude entry compiled against the slot layout, so matching a point allocates nothing.</summary>
internal sealed class EntryMatcher
{
    private readonly MatrixEntry _entry;
    private readonly (int Slot, string Value)[] _vars;

    public EntryMatcher(MatrixEntry entry, IReadOnlyList<PromptVariable> vars)
    {
        _entry = entry;
        _vars = [.. entry.Vars.Select(v => (Slot.FirstVar + Slot.IndexOf(vars, v.Key), v.Value))];
    }

    public MatrixEntry Entry => _entry;

    /// <summary>
    /// True when every key the entry sets has this point's value (1.0 equals 1). A var key never matches a
    /// prompt that does not use that var.
    /// </summary>
    public bool Matches(PromptSpec prompt, Pick[] slots)
    {
        var e = _entry;
        if ((e.Prompt is not null && e.Prompt != prompt.Id)
            || (e.FinetuneId is not null && !string.Equals(e.FinetuneId, slots[Slot.Finetune].Value as string, StringComparison.Ordinal))
            || (e.FinetuneStrength is { } strength && !(slots[Slot.Strength].Value is decimal s && s == strength))
            || (e.Seed is { } seed && !(slots[Slot.Seed].Value is long l && l == seed))
            || (e.AspectRatio is not null && !string.Equals(e.AspectRatio, slots[Slot.Shape].Value as string, StringComparison.Ordinal))
            || (e.Size is { } size && !(slots[Slot.Shape].Value is ImageSize z && z == size)))
        {
            return false;
        }

        foreach (var (slot, value) in _vars)
        {
            if (!string.Equals(slots[slot].Value as string, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
