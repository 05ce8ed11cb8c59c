using Pipeline.Providers.Catalog;
using Pipeline.Publishing;
using Serilog.Core;
using Serilog.Events;

namespace Pipeline.Cli.Logging;

/// <summary>
/// Replaces any provider key found in a log event's text properties with <c>***</c>: a last line of defence, since
/// the engine never logs keys or headers (and HttpClient's header logging is redacted and silenced besides).
/// </summary>
internal sealed class SecretRedactor(IReadOnlyList<string> secrets) : ILogEventEnricher
{
    /// <summary>The variables that hold credentials (docs/architecture.md#contract-command-line): provider keys, the AWS secret and session token, the Azure connection string.</summary>
    public static readonly IReadOnlyList<string> Variables =
        [.. ProviderCatalog.All.Select(d => d.KeyVariable).OfType<string>().Concat(ObjectStores.SecretVariables).Distinct(StringComparer.Ordinal)];

    /// <summary>The parts of an Azure connection string that are secrets on their own, masked wherever they appear.</summary>
    private static readonly string[] ConnectionSecrets = ["AccountKey", "SharedAccessSignature"];

    public const string Mask = "***";

    /// <summary>The credentials set in <paramref name="environment"/>; values shorter than 4 characters are not worth masking.</summary>
    public static SecretRedactor From(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var values = Variables.Select(environment).OfType<string>().Select(v => v.Trim()).ToList();
        // The account key alone (e.g. quoted by an SDK's error) is as secret as the whole string; longest first, so
        // the whole string is masked before its parts.
        var parts = (environment(ObjectStores.AzureConnectionVariable) ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(kv => kv.Length == 2 && ConnectionSecrets.Contains(kv[0], StringComparer.OrdinalIgnoreCase))
            .Select(kv => kv[1]);
        return new([.. values.Concat(parts).Where(v => v.Length >= 4).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length)]);
    }

    public string Redact(string text) =>
        secrets.Aggregate(text, (current, secret) => current.Replace(secret, Mask, StringComparison.Ordinal));

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        if (secrets.Count == 0)
        {
            return;
        }

        foreach (var (name, value) in logEvent.Properties.ToList())
        {
            if (value is ScalarValue { Value: string text } && Redact(text) is var redacted && redacted != text)
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(redacted)));
            }
        }
    }
}
