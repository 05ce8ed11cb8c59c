using Pipeline.Providers.Catalog;
using Serilog.Core;
using Serilog.Events;

namespace Pipeline.Cli.Logging;

/// <summary>
/// Replaces any provider key found in a log event's text properties with <c>***</c>: a last line of defence, since
/// the engine never logs keys or headers (and HttpClient's header logging is redacted and silenced besides).
/// </summary>
internal sealed class SecretRedactor(IReadOnlyList<string> secrets) : ILogEventEnricher
{
    /// <summary>The variables that hold credentials (docs/architecture.md#contract-command-line).</summary>
    public static readonly IReadOnlyList<string> Variables = [.. ProviderCatalog.All.Select(d => d.KeyVariable).OfType<string>().Distinct(StringComparer.Ordinal)];

    public const string Mask = "***";

    /// <summary>The credentials set in <paramref name="environment"/>; values shorter than 4 characters are not worth masking.</summary>
    public static SecretRedactor From(Func<string, string?> environment) =>
        new([.. Variables.Select(environment).OfType<string>().Where(v => v.Trim().Length >= 4).Select(v => v.Trim())]);

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
