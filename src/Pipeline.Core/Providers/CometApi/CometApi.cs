using Pipeline.Providers.Bfl;

namespace Pipeline.Providers.CometApi;

/// <summary>
/// CometAPI's BFL pass-through (docs/providers.md#cometapi-bfl-pass-through): <c>POST https://api.cometapi.com/flux/v1/{model}</c> with
/// <c>Authorization: Bearer</c> and BFL's body, answered with <c>{id, polling_url}</c>; results from
/// <c>GET /flux/v1/get_result?id=</c>. It is the BFL adapter with another auth header and path prefix, and BFL's
/// parameter-mapping table.
/// </summary>
internal static class CometApi
{
    public const string Provider = "cometapi";

    public static readonly Uri DefaultBaseUrl = new("https://api.cometapi.com/");

    /// <summary>Bearer key, <c>/flux/v1/{model}</c>, <c>/flux/v1/get_result</c>; a BFL <c>polling_url</c> on another host is not used.</summary>
    public static BflDialect Dialect { get; } = new("flux/v1/", BearerAuth: true, PollOnSameHost: true);

    /// <summary>The adapter for a client whose base address is CometAPI's host.</summary>
    public static BflProvider Create(HttpClient http, string apiKey) => new(http, apiKey, Provider, Dialect);
}
