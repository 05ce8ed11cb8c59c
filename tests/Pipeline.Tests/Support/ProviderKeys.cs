namespace Pipeline.Tests.Support;

/// <summary>A fake environment that holds one key under every provider's variable.</summary>
public static class ProviderKeys
{
    /// <summary>Variables that carry a provider key (docs/architecture.md#contract-command-line).</summary>
    public static IReadOnlyList<string> Variables { get; } = ["BFL_API_KEY", "FAL_KEY", "REPLICATE_API_TOKEN", "OPENAI_API_KEY", "COMETAPI_KEY"];

    /// <summary>Every protocol the sandbox speaks, as <c>--provider</c> names.</summary>
    public static IReadOnlyList<string> Protocols { get; } = ["bfl", "fal", "replicate", "openai", "cometapi", "cometapi-responses"];

    public static Func<string, string?> Environment(string key) => name => Variables.Contains(name) ? key : null;
}
