using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Pipeline.Records;

/// <summary>
/// Serializers generated at build time for what the executor writes for every job (ledger lines, sidecars):
/// no reflection at run time, and a few microseconds each instead of tens.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LedgerEntry))]
internal sealed partial class LedgerJson : JsonSerializerContext;

/// <inheritdoc cref="LedgerJson"/>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(Sidecar))]
internal sealed partial class SidecarJson : JsonSerializerContext;

/// <summary>
/// JSON for files and terminals, read by people and parsers, never placed in HTML: the relaxed encoder keeps
/// <c>+</c>, quotes' neighbours and non-ASCII text as written (docs/architecture.md#47-json-files-read-as-written).
/// JSON inside the report's HTML keeps the default, HTML-safe encoder.
/// </summary>
internal static class ReadableJson
{
    public static JavaScriptEncoder Encoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>Ledger lines (<see cref="LedgerJson"/>) with text as written.</summary>
    public static JsonTypeInfo<LedgerEntry> Ledger { get; } = TypeInfo<LedgerEntry>(LedgerJson.Default);

    /// <summary>Sidecars (<see cref="SidecarJson"/>) with text as written.</summary>
    public static JsonTypeInfo<Sidecar> Sidecar { get; } = TypeInfo<Sidecar>(SidecarJson.Default);

    /// <summary>The <paramref name="context"/>'s metadata for <typeparamref name="T"/>, with its options and the relaxed encoder.</summary>
    public static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerContext context)
    {
        var options = new JsonSerializerOptions(context.Options) { Encoder = Encoder, TypeInfoResolver = context };
        return (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
    }
}
