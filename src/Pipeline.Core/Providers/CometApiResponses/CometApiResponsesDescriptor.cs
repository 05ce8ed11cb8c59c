using Pipeline.Providers.Bfl;

namespace Pipeline.Providers.CometApiResponses;

/// <summary>CometAPI's OpenAI Responses route for the three finetuned FLUX models (docs/providers.md#cometapi-responses-route).</summary>
internal static class CometApiResponsesDescriptor
{
    public static ProviderDescriptor Descriptor { get; } = new(ResponsesRequest.Provider, ResponsesRequest.Map)
    {
        KeyVariable = "COMETAPI_KEY",
        DefaultBaseUrl = new("https://api.cometapi.com/"),
        Limits = BflDescriptor.ActiveTaskCap, // assumed, as for CometAPI's pass-through: the renders run at BFL (unverified)
        Timeout = TimeSpan.FromMinutes(3), // a synchronous answer comes only when the image is rendered
        Capabilities = [.. BflDescriptor.Capabilities(ResponsesRequest.Provider, string.Empty, baseUltra: false).Select(c => c with { Endpoint = ResponsesRequest.ModelIds[c.Model] })],
        Gaps = new Dictionary<string, string>(StringComparer.Ordinal) { [ResponsesRequest.BaseUltra] = ResponsesRequest.FinetunedOnly },
        Create = (http, key) => new ResponsesProvider(http, key),
    };
}
