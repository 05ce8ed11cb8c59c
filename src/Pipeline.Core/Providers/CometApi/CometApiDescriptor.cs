using Pipeline.Providers.Bfl;

namespace Pipeline.Providers.CometApi;

/// <summary>CometAPI's BFL pass-through (docs/providers.md#cometapi-bfl-pass-through): BFL's protocol and table, finetuned models only.</summary>
internal static class CometApiDescriptor
{
    private const string BaseUltra = "flux-pro-1.1-ultra";
    private const string FinetunedOnly = "CometAPI documents its finetuned FLUX routes only (docs/providers.md#cometapi-bfl-pass-through)";

    public static ProviderDescriptor Descriptor { get; } = new(CometApi.Provider, Map, (job, readFiles) => WireMapper.Map(Map(job.Model), JobFields.Of(job), readFiles))
    {
        KeyVariable = "COMETAPI_KEY",
        DefaultBaseUrl = CometApi.DefaultBaseUrl,
        Limits = BflDescriptor.ActiveTaskCap, // it passes through to BFL
        Capabilities = [.. BflDescriptor.Capabilities(CometApi.Provider, "/flux/v1/", baseUltra: false)],
        Gaps = new Dictionary<string, string>(StringComparer.Ordinal) { [BaseUltra] = FinetunedOnly },
        Create = CometApi.Create,
    };

    private static EndpointMap Map(string model) =>
        model == BaseUltra ? EndpointMap.None(CometApi.Provider, model, FinetunedOnly) : BflRequest.Map(CometApi.Provider, model);
}
