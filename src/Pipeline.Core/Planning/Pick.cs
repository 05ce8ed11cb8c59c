using Pipeline.Domain;

namespace Pipeline.Planning;

/// <summary>One value of one axis, with the key path it was written at (where a plan-time error about it points).</summary>
/// <param name="Value">A finetune id or aspect ratio (<see cref="string"/>), strength (<see cref="decimal"/>), seed
/// (<see cref="long"/>), size (<see cref="ImageSize"/>) or var value (<see cref="string"/>); null when the axis is unused.</param>
/// <param name="Label">For a var value, its part of the job's prompt id (<c>red</c> in <c>kettle-hero.red</c>).</param>
internal readonly record struct Pick(object? Value, string Origin, string? Label = null)
{
    public static Pick None { get; } = new(null, string.Empty);
}

/// <summary>Where each axis sits in a point's slot array; vars follow in <c>matrix.vars</c> order.</summary>
internal static class Slot
{
    public const int Finetune = 0;
    public const int Strength = 1;
    public const int Seed = 2;
    public const int Shape = 3;
    public const int FirstVar = 4;

    /// <summary>The slot of a zip-group name (an axis or a var), or -1.</summary>
    public static int Of(string name, IReadOnlyList<Manifests.PromptVariable> vars) => name switch
    {
        "finetune_ids" => Finetune,
        "finetune_strengths" => Strength,
        "seeds" => Seed,
        "aspect_ratios" or "sizes" => Shape,
        _ => IndexOf(vars, name) is >= 0 and var index ? FirstVar + index : -1,
    };

    public static int IndexOf(IReadOnlyList<Manifests.PromptVariable> vars, string name)
    {
        for (var i = 0; i < vars.Count; i++)
        {
            if (vars[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }
}
