using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Sandbox.Protocol.OpenAi;

/// <summary>A valid <c>POST /v1/responses</c> request for a FLUX model.</summary>
/// <param name="WireModel">The hyphenated model id as sent (<c>flux-pro-1-1-ultra-finetuned</c>).</param>
/// <param name="Background"><c>background: true</c>: answer at once with <c>queued</c>, to be polled.</param>
internal sealed record ResponsesRequest(Submission Submission, string WireModel, bool Background);

/// <summary>
/// Validates an OpenAI Responses body the way CometAPI's FLUX route is taken to (docs/providers.md#cometapi-responses-route):
/// <c>model</c> one of the three hyphenated finetuned ids, <c>input</c> the prompt text, the FLUX fields top-level under
/// BFL's names, checked by BFL's own schema (<see cref="SubmissionParser"/>). Answers the first problem, naming the parameter.
/// </summary>
internal static class ResponsesRequestParser
{
    private static readonly FrozenDictionary<string, string> Models = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["flux-pro-1-1-ultra-finetuned"] = "flux-pro-1.1-ultra-finetuned",
        ["flux-pro-finetuned"] = "flux-pro-finetuned",
        ["flux-pro-1-0-fill-finetuned"] = "flux-pro-1.0-fill-finetuned",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The hyphenated id of a BFL model name.</summary>
    public static string WireModel(string bflName) => Models.FirstOrDefault(m => m.Value == bflName).Key ?? bflName;

    public static (ResponsesRequest? Request, ImagesError? Error) Parse(JsonElement body)
    {
        var wireModel = Text(body, "model");
        if (wireModel is null || !Models.TryGetValue(wireModel, out var name) || BflModels.Find(name) is not { } model)
        {
            return Fail($"The model '{wireModel}' does not exist or you do not have access to it.", "model");
        }

        if (Text(body, "input") is not { Length: > 0 } input)
        {
            return Fail("Missing required parameter: 'input' (the prompt text).", "input");
        }

        // BFL's schema checks the FLUX fields: the same body with input as prompt.
        var bfl = JsonNode.Parse(body.GetRawText())!.AsObject();
        bfl.Remove("input");
        bfl["prompt"] = input;
        using var document = JsonDocument.Parse(bfl.ToJsonString());
        var (submission, errors) = SubmissionParser.Parse(model, document.RootElement, RequestFingerprint.Compute("responses", body));
        if (submission is null)
        {
            var error = errors[0];
            var param = error.Loc.Count > 0 ? error.Loc[^1]?.ToString() : null;
            return Fail($"Invalid '{param}': {error.Msg}.", param ?? "input");
        }

        var background = body.TryGetProperty("background", out var b) && b.ValueKind == JsonValueKind.True;
        return (new ResponsesRequest(submission, wireModel, background), null);
    }

    private static (ResponsesRequest?, ImagesError?) Fail(string message, string param) => (null, new ImagesError(message, param));

    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
