using System.Globalization;
using System.Text.Json;
using Pipeline.Sandbox.Imaging;

namespace Pipeline.Sandbox.Protocol.OpenAi;

/// <summary>A valid <c>images/generations</c> request.</summary>
/// <param name="Count"><c>n</c>, 1–10.</param>
/// <param name="Inline"><c>response_format: b64_json</c>.</param>
internal sealed record ImagesRequest(Submission Submission, int Count, bool Inline);

/// <summary>Why a request is refused: OpenAI answers the first problem, naming the parameter.</summary>
internal sealed record ImagesError(string Message, string? Param);

/// <summary>
/// Validates an OpenAI-compatible <c>images/generations</c> body the way a FLUX gateway such as Lumenfall does
/// (docs/providers.md#openai-images-gateways): <c>model</c> is a FLUX name (BFL's, or Lumenfall's <c>flux1.1-pro-ultra</c>), <c>size</c> is
/// <c>WxH</c> (sets shape and scale; the file has exactly that size) or <c>W:H</c>, else <c>aspect_ratio</c> picks the
/// Ultra size; FLUX fields pass through (<c>seed</c>, <c>finetune_id</c>, <c>finetune_strength</c>, <c>safety_tolerance</c>).
/// </summary>
internal static class ImagesRequestParser
{
    private const int MinSide = 64;
    private const int MaxSide = 4096;
    private const int SideMultiple = 16;

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal) { ["flux1.1-pro-ultra"] = "flux-pro-1.1-ultra" };

    public static (ImagesRequest? Request, ImagesError? Error) Parse(JsonElement body, string fingerprint)
    {
        var modelName = Text(body, "model");
        var model = BflModels.Find(modelName is not null && Aliases.TryGetValue(modelName, out var alias) ? alias : modelName);
        if (model is null || model.Shape == ModelShape.Fill)
        {
            return Fail($"The model '{modelName}' does not exist or does not support image generation.", "model");
        }

        if (Text(body, "prompt") is not { } prompt)
        {
            return Fail("Missing required parameter: 'prompt'.", "prompt");
        }

        var count = Integer(body, "n") ?? 1;
        if (count is < 1 or > 10)
        {
            return Fail($"Invalid 'n': integer must be between 1 and 10, got {count}.", "n");
        }

        var responseFormat = Text(body, "response_format") ?? "url";
        if (responseFormat is not ("url" or "b64_json"))
        {
            return Fail($"Invalid value: '{responseFormat}'. Supported values are: 'url' and 'b64_json'.", "response_format");
        }

        var format = Text(body, "output_format") ?? "png";
        if (format is not ("png" or "jpeg"))
        {
            return Fail($"Invalid value: '{format}'. The sandbox encodes 'png' and 'jpeg'.", "output_format");
        }

        string? finetuneId = null;
        double? strength = null;
        if (model.Finetuned)
        {
            if ((finetuneId = Text(body, "finetune_id")) is null)
            {
                return Fail($"Missing required parameter: 'finetune_id' (model '{model.Name}').", "finetune_id");
            }

            strength = Number(body, "finetune_strength") ?? model.DefaultStrength;
            if (strength is < 0 or > 2)
            {
                return Fail("Invalid 'finetune_strength': must be between 0 and 2.", "finetune_strength");
            }
        }

        if (Integer(body, "safety_tolerance") is < 0 or > 6)
        {
            return Fail("Invalid 'safety_tolerance': must be between 0 and 6.", "safety_tolerance");
        }

        var size = SizeOf(body, model);
        if (size is null)
        {
            return Fail($"Invalid size '{Text(body, "size") ?? Text(body, "aspect_ratio")}': use WxH (sides {MinSide}-{MaxSide}, multiples of {SideMultiple}) or a supported W:H.", "size");
        }

        var (width, height) = size.Value;
        var submission = new Submission(model, prompt, finetuneId, strength, Integer(body, "seed"), width, height, format == "png" ? ImageFormat.Png : ImageFormat.Jpeg, null, 0, fingerprint);
        return (new ImagesRequest(submission, (int)count, responseFormat == "b64_json"), null);
    }

    /// <summary><c>size</c> WxH wins; then <c>size</c> W:H or <c>aspect_ratio</c> through the Ultra table; then the model's default.</summary>
    private static (int Width, int Height)? SizeOf(JsonElement body, BflModel model)
    {
        var size = Text(body, "size");
        if (size is not null && size != "auto")
        {
            var parts = size.Split('x');
            if (parts is [var w, var h])
            {
                return int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out var width) && int.TryParse(h, NumberStyles.None, CultureInfo.InvariantCulture, out var height)
                    && Side(width) && Side(height)
                        ? (width, height)
                        : null;
            }

            return UltraSizes.TryGet(size, out var rw, out var rh) ? (rw, rh) : null;
        }

        var ratio = Text(body, "aspect_ratio");
        if (model.Shape == ModelShape.Sized)
        {
            return ratio is null ? (1024, 768) : null;
        }

        return UltraSizes.TryGet(ratio ?? UltraSizes.DefaultAspectRatio, out var uw, out var uh) ? (uw, uh) : null;
    }

    private static bool Side(int side) => side is >= MinSide and <= MaxSide && side % SideMultiple == 0;

    private static (ImagesRequest?, ImagesError?) Fail(string message, string param) => (null, new ImagesError(message, param));

    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Integer(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;

    private static double? Number(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
