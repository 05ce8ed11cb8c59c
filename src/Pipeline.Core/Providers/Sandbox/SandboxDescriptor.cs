using Pipeline.Providers.Bfl;

namespace Pipeline.Providers.Sandbox;

/// <summary>
/// The built-in offline provider (docs/providers.md#sandbox): BFL's protocol on loopback, started in-process when no
/// <c>--base-url</c> is given, with no key of the user's and list prices it only pretends to charge
/// (docs/architecture.md#10-the-sandbox-is-a-real-http-server).
/// </summary>
internal static class SandboxDescriptor
{
    public const string Name = "sandbox";

    /// <summary>The key the in-process sandbox accepts.</summary>
    public const string Key = "sandbox-key";

    public static ProviderDescriptor Descriptor { get; } = new(Name, model => BflRequest.Map(Name, model), (job, readFiles) => BflRequest.Build(Name, job, readFiles))
    {
        BuiltInKey = Key,
        InProcess = true,
        MissingBaseUrl = "provider 'sandbox' needs the URL of a running sandbox.",
        Protocol = BflDescriptor.Name,
        Limits = BflDescriptor.ActiveTaskCap, // the sandbox's default active-task cap mirrors BFL's
        ServiceTime = TimeSpan.FromMilliseconds(400), // it answers in about 0.3 s; hosted FLUX Ultra in several seconds
        Capabilities = [.. BflDescriptor.Capabilities(Name, "/v1/")],
        Create = (http, key) => new BflProvider(http, key, Name),
    };
}
