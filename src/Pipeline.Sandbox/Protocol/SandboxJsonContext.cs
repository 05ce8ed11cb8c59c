using System.Text.Json.Serialization;

namespace Pipeline.Sandbox.Protocol;

/// <summary>Source-generated serializers for every body the sandbox writes (snake_case, like BFL).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(DetailResponse))]
[JsonSerializable(typeof(ValidationResponse))]
[JsonSerializable(typeof(SubmitResponse))]
[JsonSerializable(typeof(WebhookSubmitResponse))]
[JsonSerializable(typeof(ResultResponse))]
internal sealed partial class SandboxJsonContext : JsonSerializerContext;
