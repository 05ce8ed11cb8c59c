namespace Pipeline.Sandbox.Endpoints;

/// <summary>Where a BFL-protocol host serves its routes and how it takes the key.</summary>
/// <param name="PathPrefix">Before <c>{model}</c> and <c>get_result</c>.</param>
internal sealed record BflRoute(string PathPrefix, AuthScheme Auth)
{
    /// <summary>BFL (docs/providers.md#bfl): <c>/v1/</c>, <c>x-key</c>.</summary>
    public static BflRoute Bfl { get; } = new("v1/", AuthScheme.XKey);

    /// <summary>CometAPI's BFL pass-through (docs/providers.md#cometapi-bfl-pass-through): <c>/flux/v1/</c>, <c>Authorization: Bearer</c>.</summary>
    public static BflRoute CometApi { get; } = new("flux/v1/", AuthScheme.Bearer);
}
