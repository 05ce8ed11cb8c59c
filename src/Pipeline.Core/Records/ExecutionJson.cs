using System.Text.Json.Serialization;

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
