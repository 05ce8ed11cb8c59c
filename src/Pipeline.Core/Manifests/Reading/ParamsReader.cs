using System.Collections.Immutable;
using Pipeline.Providers;
using Pipeline.Domain;

namespace Pipeline.Manifests.Reading;

/// <summary>Reads <c>params:</c>, the fixed request fields every job sends.</summary>
internal static class ParamsReader
{
    public const string PathName = "params";

    /// <summary>The params sorted by key; each value is a string, long, decimal or bool.</summary>
    /// <param name="model">Null when the model is unknown: every field any model takes is then accepted.</param>
    public static ImmutableSortedDictionary<string, object> Read(YamlNode? node, ModelSpec? model, ReadContext cx)
    {
        var rules = model is null
            ? [.. ModelCatalog.Models.Values.SelectMany(ParamRule.For).DistinctBy(r => r.Name)]
            : ParamRule.For(model);
        var names = rules.Select(r => r.Name).ToList();
        var what = model is null ? "params" : $"params for {model.Name}";
        var result = ImmutableSortedDictionary.CreateBuilder<string, object>(StringComparer.Ordinal);
        var fields = cx.Mapping(node, PathName, what, names, key => Refusal(key, model));
        if (fields is null)
        {
            return result.ToImmutable();
        }

        foreach (var rule in rules)
        {
            if (fields.Optional(rule.Name, rule.Describe()) is { } value && Value(rule, value, fields.PathOf(rule.Name), cx) is { } typed)
            {
                result.Add(rule.Name, typed);
            }
        }

        return result.ToImmutable();
    }

    private static object? Value(ParamSpec rule, YamlNode value, string path, ReadContext cx) => rule.Kind switch
    {
        ParamKind.Choice => cx.OneOf(value, path, rule.Name, rule.Choices!),
        ParamKind.WholeNumber => cx.Integer(value, path, (long)rule.Min, (long)rule.Max),
        ParamKind.Number => cx.Number(value, path, rule.Min, rule.Max),
        _ => cx.Boolean(value, path),
    };

    private static string? Refusal(string key, ModelSpec? model)
    {
        if (ParamRule.Reserved.TryGetValue(key, out var reserved))
        {
            return $"'{key}' is not allowed in params: {reserved}";
        }

        return model is not null && ParamRule.NotForModel(key, model) is { } reason ? $"'{key}' is not allowed: {reason}" : null;
    }
}
