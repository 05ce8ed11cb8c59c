using Pipeline.Providers;

namespace Pipeline.Manifests.Reading;

/// <summary>Reads <c>matrix:</c> and checks its axes against the model's shape.</summary>
internal static class MatrixReader
{
    public const string PathName = "matrix";

    private static readonly string[] Keys = ["prompts", "finetune_strengths", "seeds", "aspect_ratios", "sizes", "exclude", "include"];

    /// <param name="model">Null when the model is unknown (shape checks are then skipped).</param>
    public static ManifestMatrix? Read(YamlNode? node, ModelSpec? model, ReadContext cx)
    {
        var fields = cx.Mapping(node, PathName, "the matrix", Keys);
        if (fields is null)
        {
            return null;
        }

        var prompts = PromptReader.Read(fields.Required("prompts", "a list of prompts"), fields.PathOf("prompts"), cx);
        var strengths = Axis(fields, "finetune_strengths", model, AxisReader.Strengths, cx, StrengthRule(model));
        var seeds = NonEmpty(fields, "seeds", "a list of seeds like [11, 12] or {count: 4, start: 1000}", AxisReader.Seeds, cx);
        var ratios = Axis(fields, "aspect_ratios", model, AxisReader.AspectRatios, cx, RatioRule(model));
        var sizes = Axis(fields, "sizes", model, AxisReader.Sizes, cx, SizeRule(model));

        var axes = new EntryAxes(prompts, model);
        var exclude = MatrixEntryReader.Read(fields["exclude"], fields.PathOf("exclude"), axes, cx);
        var include = MatrixEntryReader.Read(fields["include"], fields.PathOf("include"), axes, cx);
        return new ManifestMatrix(prompts, strengths, seeds, ratios, sizes, exclude, include);
    }

    /// <summary>Whether an axis is required, forbidden (with the reason) or free for this model.</summary>
    private sealed record AxisRule(bool Required, string? ForbiddenReason, string Expected);

    private static AxisRule StrengthRule(ModelSpec? model) => model switch
    {
        { Finetuned: true } => new(true, null, "a list of strengths like [0.8, 1.0, 1.2] or {from: 0.5, to: 1.5, step: 0.25}"),
        { Finetuned: false } => new(false, $"{model.Name} is a base model without a finetune", string.Empty),
        null => new(false, null, string.Empty),
    };

    private static AxisRule RatioRule(ModelSpec? model) => model?.Shape switch
    {
        ModelShape.Ultra => new(true, null, "a list of aspect ratios like [\"16:9\", \"1:1\"]"),
        ModelShape.Sized => new(false, $"{model.Name} takes sizes like [\"1024x768\"], not aspect ratios", string.Empty),
        _ => new(false, null, string.Empty),
    };

    private static AxisRule SizeRule(ModelSpec? model) => model?.Shape switch
    {
        ModelShape.Sized => new(true, null, "a list of sizes like [\"1024x768\"]"),
        ModelShape.Ultra => new(false, $"{model.Name} takes aspect_ratios like [\"16:9\"], not sizes", string.Empty),
        _ => new(false, null, string.Empty),
    };

    private static List<T> Axis<T>(Fields fields, string key, ModelSpec? model, Func<YamlNode, string, ReadContext, List<T>> read, ReadContext cx, AxisRule rule)
    {
        if (rule.ForbiddenReason is { } reason)
        {
            fields.Forbid(key, reason);
            return [];
        }

        if (rule.Required)
        {
            return NonEmpty(fields, key, $"{rule.Expected} for {model!.Name}", read, cx);
        }

        return fields[key] is { } node ? read(node, fields.PathOf(key), cx) : [];
    }

    private static List<T> NonEmpty<T>(Fields fields, string key, string expected, Func<YamlNode, string, ReadContext, List<T>> read, ReadContext cx)
    {
        if (fields.Required(key, expected) is not { } node)
        {
            return [];
        }

        var errorsBefore = cx.Errors.Count;
        var values = read(node, fields.PathOf(key), cx);
        if (values.Count == 0 && cx.Errors.Count == errorsBefore)
        {
            cx.Error(fields.PathOf(key), $"'{key}' is empty; expected {expected}");
        }

        return values;
    }
}
