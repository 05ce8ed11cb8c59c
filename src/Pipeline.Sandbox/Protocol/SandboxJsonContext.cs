using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Sandbox.Protocol;

/// <summary>Source-generated serializers for every body the sandbox writes (snake_case, like BFL).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(DetailResponse))]
[JsonSerializable(typeof(ValidationResponse))]
[JsonSerializable(typeof(SubmitResponse))]
[JsonSerializable(typeof(WebhookSubmitResponse))]
[JsonSerializable(typeof(ResultResponse))]
internal sealed partial class SandboxJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Like <see cref="Default"/>, but writes quotes and non-ASCII as-is (FastAPI writes <c>'jpeg'</c>, not <c>\u0027jpeg\u0027</c>).
    /// Only ever written into JSON responses, never into HTML.
    /// </summary>
    public static SandboxJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
