using System.Text.Json;
using Pipeline.Sandbox.Imaging;

namespace Pipeline.Sandbox.Protocol.Fal;

/// <summary>A valid fal request: the task to render and fal's own output switches.</summary>
/// <param name="NumImages">1–4 (Ultra); images after the first use seed + i.</param>
/// <param name="SyncMode">Answer with data URIs instead of URLs.</param>
internal sealed record FalRequest(Submission Submission, int NumImages, bool SyncMode);

/// <summary>
/// Validates a fal body as fal's FastAPI app does (pydantic, fal-js generated types; docs/providers.md#fal-request-fields):
/// <c>finetune_strength</c> is required with no default, <c>safety_tolerance</c> is a string <c>Literal</c> ("1"–"6"),
/// so a number is a 422 <c>literal_error</c>; <c>aspect_ratio</c> and <c>output_format</c> are enums; the fill inputs
/// are <c>image_url</c>/<c>mask_url</c> (data URIs here: the sandbox fetches nothing).
/// </summary>
internal static class FalSubmissionParser
{
    private static readonly string[] Tolerances = ["1", "2", "3", "4", "5", "6"];
    private static readonly string[] Formats = ["jpeg", "png"];

    public static (FalRequest? Request, IReadOnlyList<ValidationError> Errors) Parse(FalEndpoint endpoint, JsonElement body, string fingerprint)
    {
        var model = endpoint.Model;
        var reader = new BodyReader(body);
        var prompt = reader.RequiredString("prompt") ?? string.Empty;
        var seed = reader.Integer("seed");
        var format = reader.Literal("output_format", Formats) == "png" ? ImageFormat.Png : ImageFormat.Jpeg;
        reader.Literal("safety_tolerance", Tolerances);
        reader.Boolean("enhance_prompt");
        var syncMode = reader.Boolean("sync_mode") ?? false;

        string? finetuneId = null;
        double? strength = null;
        if (model.Finetuned)
        {
            finetuneId = reader.RequiredString("finetune_id");
            strength = reader.Require("finetune_strength") ? reader.Number("finetune_strength", 0, 2) : null;
        }

        int width = 0, height = 0, numImages = 1;
        var inputMp = 0.0;
        if (model.Shape == ModelShape.Fill)
        {
            (width, height) = ReadFillInputs(reader);
            inputMp = InlineImage.Megapixels(width, height);
        }
        else
        {
            var ratio = reader.Literal("aspect_ratio", UltraSizes.Ratios) ?? UltraSizes.DefaultAspectRatio;
            UltraSizes.TryGet(ratio, out width, out height);
            numImages = (int)(reader.Integer("num_images", 1, 4) ?? 1);
            reader.String("image_url");
            reader.Number("image_prompt_strength", 0, 1);
            reader.Boolean("raw");
        }

        if (reader.Errors.Count > 0)
        {
            return (null, reader.Errors);
        }

        var submission = new Submission(model, prompt, finetuneId, strength, seed, width, height, format, null, inputMp, fingerprint);
        return (new FalRequest(submission, numImages, syncMode), []);
    }

    private static (int Width, int Height) ReadFillInputs(BodyReader reader)
    {
        var image = reader.RequiredString("image_url");
        var mask = reader.RequiredString("mask_url");
        if (image is null)
        {
            return (0, 0);
        }

        if (!InlineImage.TryReadSize(image, out var width, out var height))
        {
            reader.Fail("image_url", "Value error, the sandbox takes image_url as a data URI of a PNG or JPEG", "value_error");
            return (0, 0);
        }

        if (mask is not null && (!InlineImage.TryReadSize(mask, out var maskWidth, out var maskHeight) || maskWidth != width || maskHeight != height))
        {
            // fal: image and mask "Needs to match the dimensions" (docs/providers.md#output-sizes-fill).
            reader.Fail("mask_url", $"Value error, mask_url must be a PNG or JPEG of the image's size {width}x{height}", "value_error");
        }

        return (width, height);
    }
}
