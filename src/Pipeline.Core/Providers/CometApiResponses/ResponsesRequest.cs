using Pipeline.Providers.Bfl;

namespace Pipeline.Providers.CometApiResponses;

/// <summary>
/// The parameter-mapping table of CometAPI's OpenAI Responses route (docs/providers.md#cometapi-responses-route):
/// <c>model</c> is CometAPI's hyphenated id, <c>input</c> the prompt text, and every other FLUX field travels top-level
/// under BFL's name with BFL's ranges and defaults (BFL's table, <see cref="BflRequest"/>), as CometAPI passes the
/// request on to BFL. Fill inputs go base64 in <c>image</c>/<c>mask</c>, as at BFL.
/// </summary>
internal static class ResponsesRequest
{
    public const string Provider = "cometapi-responses";

    /// <summary>The wire name of the prompt: the Responses API's text <c>input</c>.</summary>
    public const string Input = "input";

    public const string BaseUltra = "flux-pro-1.1-ultra";

    public const string FinetunedOnly = "CometAPI's Responses route lists the finetuned FLUX models only (docs/providers.md#cometapi-responses-route)";

    /// <summary>BFL's model name → CometAPI's model id on this route.</summary>
    public static IReadOnlyDictionary<string, string> ModelIds { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["flux-pro-1.1-ultra-finetuned"] = "flux-pro-1-1-ultra-finetuned",
        ["flux-pro-finetuned"] = "flux-pro-finetuned",
        ["flux-pro-1.0-fill-finetuned"] = "flux-pro-1-0-fill-finetuned",
    };

    public static EndpointMap Map(string model)
    {
        if (!ModelIds.TryGetValue(model, out var id))
        {
            return EndpointMap.None(Provider, model, model == BaseUltra ? FinetunedOnly : $"{Provider} has no model for '{model}'");
        }

        var bfl = BflRequest.Map(Provider, model);
        return new EndpointMap(Provider, model, id, [.. bfl.Fields.Select(f => f.Field == JobFields.Prompt ? f with { Wire = Input } : f)])
        {
            Constants = new Dictionary<string, object>(StringComparer.Ordinal) { ["model"] = id },
        };
    }
}
