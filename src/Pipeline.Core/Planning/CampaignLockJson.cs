using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Pipeline.Planning;

/// <summary>
/// The serializer of <c>campaign.lock.json</c>, generated at build time: a rerun reads and writes a lock of every job
/// with its request body, and reflection-based metadata for it cost a cold process a third of a second
/// (docs/architecture.md#45-a-rerun-of-a-finished-campaign).
/// </summary>
[JsonSerializable(typeof(CampaignLock))]
[JsonSerializable(typeof(LockPins))]
internal sealed partial class CampaignLockJson : JsonSerializerContext
{
    /// <summary>The lock's format: indented, nulls left out, prompts and versions unescaped.</summary>
    private static readonly CampaignLockJson Format = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // Readable prompts and versions ("0.1.0+abc", "it's"): the file is read by people and JSON parsers, never by a browser.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static JsonTypeInfo<CampaignLock> Lock => Format.CampaignLock;

    public static JsonTypeInfo<LockPins> Pins => Format.LockPins;
}
