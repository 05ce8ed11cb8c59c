using Pipeline.Domain;

namespace Pipeline.Manifests.Reading;

/// <summary>Reads <c>limits:</c> and <c>verify:</c>.</summary>
internal static class PolicyReader
{
    public const int MaxConcurrency = 256;
    public const int MaxRequestsPerMinute = 10_000;
    public const int MaxAttempts = 20;

    private static readonly string[] LimitKeys = ["concurrency", "requests_per_minute", "max_cost_usd", "max_attempts"];
    private static readonly string[] VerifyKeys = ["nsfw", "formats", "size_tolerance_px", "blank"];
    private static readonly string[] NsfwPolicies = ["fail", "flag", "allow"];
    private static readonly string[] BlankPolicies = ["fail", "flag", "allow"];

    public static ManifestLimits Limits(YamlNode? node, ReadContext cx)
    {
        if (cx.Mapping(node, "limits", "limits", LimitKeys) is not { } fields)
        {
            return ManifestLimits.Default;
        }

        var concurrency = cx.Integer(fields.Optional("concurrency", "an integer"), fields.PathOf("concurrency"), 1, MaxConcurrency);
        var rpm = cx.Integer(fields.Optional("requests_per_minute", "an integer"), fields.PathOf("requests_per_minute"), 1, MaxRequestsPerMinute);
        var cost = cx.Number(fields.Optional("max_cost_usd", "a number"), fields.PathOf("max_cost_usd"), 0m, decimal.MaxValue, minExclusive: true);
        var attempts = cx.Integer(fields.Optional("max_attempts", "an integer"), fields.PathOf("max_attempts"), 1, MaxAttempts);
        return new ManifestLimits(
            (int)(concurrency ?? ManifestLimits.DefaultConcurrency),
            (int?)rpm,
            cost,
            (int)(attempts ?? ManifestLimits.DefaultMaxAttempts));
    }

    public static VerifyPolicy Verify(YamlNode? node, ReadContext cx)
    {
        if (cx.Mapping(node, "verify", "verify", VerifyKeys) is not { } fields)
        {
            return VerifyPolicy.Default;
        }

        var nsfw = cx.OneOf(fields.Optional("nsfw", "fail, flag or allow"), fields.PathOf("nsfw"), "nsfw policy", NsfwPolicies) switch
        {
            "flag" => NsfwPolicy.Flag,
            "allow" => NsfwPolicy.Allow,
            _ => NsfwPolicy.Fail,
        };

        var path = fields.PathOf("formats");
        var items = cx.List(fields.Optional("formats", "a list of formats"), path, "formats (jpeg, png)") ?? [];
        var formats = items
            .Select((item, i) => cx.OneOf(item, ReadContext.Index(path, i), "format", ParamRule.Formats))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);
        var tolerance = cx.Integer(fields.Optional("size_tolerance_px", "an integer"), fields.PathOf("size_tolerance_px"), 0, VerifyPolicy.MaxSizeTolerancePx);
        var blank = cx.OneOf(fields.Optional("blank", "fail, flag or allow"), fields.PathOf("blank"), "blank policy", BlankPolicies) switch
        {
            "flag" => BlankPolicy.Flag,
            "allow" => BlankPolicy.Allow,
            _ => BlankPolicy.Fail,
        };
        return new VerifyPolicy(nsfw, [.. formats], (int)(tolerance ?? 0), blank);
    }
}
