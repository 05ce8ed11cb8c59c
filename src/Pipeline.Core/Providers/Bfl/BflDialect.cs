namespace Pipeline.Providers.Bfl;

/// <summary>How a host that speaks BFL's protocol is addressed.</summary>
/// <param name="PathPrefix">Prefix of <c>{model}</c> and <c>get_result</c>: <c>v1/</c> at BFL; a pass-through may use another (CometAPI: <c>flux/v1/</c>).</param>
/// <param name="BearerAuth">Send the key as <c>Authorization: Bearer</c> instead of <c>x-key</c>.</param>
/// <param name="PollOnSameHost">
/// Poll a returned <c>polling_url</c> only when it is on the API host; otherwise poll <c>{prefix}get_result?id=</c>
/// there. A pass-through may hand back BFL's own URL, which does not take the pass-through's key.
/// </param>
internal sealed record BflDialect(string PathPrefix, bool BearerAuth, bool PollOnSameHost)
{
    /// <summary>BFL itself (docs/providers.md#bfl): <c>x-key</c>, <c>/v1/</c>, the returned <c>polling_url</c> as given.</summary>
    public static BflDialect Bfl { get; } = new("v1/", BearerAuth: false, PollOnSameHost: false);
}
