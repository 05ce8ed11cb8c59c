using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Records;

/// <summary>The provenance record written as <c>&lt;image&gt;.json</c> beside every kept image.</summary>
/// <param name="FinetuneStrength">A JSON number as written in the plan (<c>1.2</c>, <c>1.0</c>); sidecars written before
/// issue 14 hold it as text, which still reads.</param>
public sealed record Sidecar(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("campaign")] string Campaign,
    [property: JsonPropertyName("manifest_sha256")] string ManifestSha256,
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("request_id")] string? RequestId,
    [property: JsonPropertyName("prompt_id")] string PromptId,
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("finetune_id")] string? FinetuneId,
    [property: JsonPropertyName("finetune_strength"), JsonConverter(typeof(StrengthJsonConverter))] decimal? FinetuneStrength,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("aspect_ratio")] string? AspectRatio,
    [property: JsonPropertyName("width")] int? Width,
    [property: JsonPropertyName("height")] int? Height,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("sha256")] string? Sha256,
    [property: JsonPropertyName("cost_usd")] decimal CostUsd,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("submitted_at")] DateTimeOffset? SubmittedAt,
    [property: JsonPropertyName("completed_at")] DateTimeOffset? CompletedAt)
{
    public static Sidecar From(AuditRow row, string manifestSha256)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new Sidecar(
            row.JobId, row.RunId, row.Campaign, manifestSha256, row.Provider, row.Model, row.RequestId, row.PromptId, row.Prompt,
            row.FinetuneId, row.FinetuneStrength, row.Seed, row.AspectRatio, row.Width,
            row.Height, row.Format, row.Sha256, row.CostUsd, row.Attempts, row.SubmittedAt, row.CompletedAt);
    }

    /// <summary>Indented JSON with text as written: <c>+00:00</c>, not <c>\u002B00:00</c> (docs/architecture.md#47-json-files-read-as-written).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ReadableJson.Sidecar);

    public static Sidecar? Parse(string json) => JsonSerializer.Deserialize(json, SidecarJson.Default.Sidecar);
}
