using System.Text.Json;
using Pipeline.Sandbox.Imaging;

namespace Pipeline.Sandbox.Protocol;

/// <summary>
/// Validates a submit body against one endpoint's schema (docs/providers.md#bfl-request-fields) and applies BFL's defaults.
/// Fields the endpoint does not know are ignored, as pydantic does by default.
/// </summary>
internal static class SubmissionParser
{
    private const int MinSide = 256;
    private const int MaxSide = 1440;
    private const int SideMultiple = 32;
    private const int MaxWebhookUrlLength = 2083;

    public static (Submission? Submission, IReadOnlyList<ValidationError> Errors) Parse(BflModel model, JsonElement body, string fingerprint)
    {
        var reader = new BodyReader(body);
        var prompt = reader.String("prompt") ?? string.Empty;
        var seed = reader.Integer("seed");
        var format = ReadFormat(reader);
        reader.Integer("safety_tolerance", 0, 6);
        reader.Boolean("prompt_upsampling");
        reader.String("webhook_secret");
        var webhookUrl = ReadWebhookUrl(reader);

        string? finetuneId = null;
        double? strength = null;
        if (model.Finetuned)
        {
            finetuneId = reader.RequiredString("finetune_id");
            strength = reader.Number("finetune_strength", 0, 2) ?? model.DefaultStrength;
        }

        if (model.Steps is { } steps)
        {
            reader.Integer("steps", (long)steps.Min, (long)steps.Max);
        }

        if (model.Guidance is { } guidance)
        {
            reader.Number("guidance", guidance.Min, guidance.Max);
        }

        var inputMp = 0.0;
        int width = 0, height = 0;
        switch (model.Shape)
        {
            case ModelShape.Ultra:
                (width, height) = ReadAspectRatio(reader);
                inputMp = ReadImagePrompt(reader);
                reader.Number("image_prompt_strength", 0, 1);
                if (!model.Finetuned)
                {
                    reader.Boolean("raw"); // not in the ultra-finetuned schema (docs/providers.md#pitfall-raw-with-finetunes)
                }

                break;
            case ModelShape.Sized:
                width = (int)(reader.Integer("width", MinSide, MaxSide, SideMultiple) ?? 1024);
                height = (int)(reader.Integer("height", MinSide, MaxSide, SideMultiple) ?? 768);
                inputMp = ReadImagePrompt(reader);
                break;
            case ModelShape.Fill:
                (width, height) = ReadFillImage(reader);
                inputMp = InlineImage.Megapixels(width, height);
                break;
        }

        if (reader.Errors.Count > 0)
        {
            return (null, reader.Errors);
        }

        var submission = new Submission(model, prompt, finetuneId, strength, seed, width, height, format, webhookUrl, inputMp, fingerprint);
        return (submission, []);
    }

    private static ImageFormat ReadFormat(BodyReader reader) =>
        reader.String("output_format") switch
        {
            null or "jpeg" => ImageFormat.Jpeg,
            "png" => ImageFormat.Png,
            _ => Invalid(reader, "output_format", "Input should be 'jpeg' or 'png'", "enum", ImageFormat.Jpeg),
        };

    private static string? ReadWebhookUrl(BodyReader reader)
    {
        var url = reader.String("webhook_url");
        if (url is null)
        {
            return null;
        }

        if (url.Length > MaxWebhookUrlLength)
        {
            return Invalid<string?>(reader, "webhook_url", $"URL should have at most {MaxWebhookUrlLength} characters", "url_too_long", null);
        }

        var valid = Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
        return valid ? url : Invalid<string?>(reader, "webhook_url", "Input should be a valid URL, relative URL without a base", "url_parsing", null);
    }

    private static (int Width, int Height) ReadAspectRatio(BodyReader reader)
    {
        // BFL's field is a free string "between 21:9 and 9:21"; only nine sizes are published, the rest are sized by rule.
        var ratio = reader.String("aspect_ratio") ?? UltraSizes.DefaultAspectRatio;
        if (UltraSizes.TryGet(ratio, out var width, out var height))
        {
            return (width, height);
        }

        if (UltraSizes.TryParse(ratio, out var w, out var h) && UltraSizes.InBflRange(w, h))
        {
            return UltraSizes.ByRule(w, h);
        }

        return Invalid(reader, "aspect_ratio", "Value error, aspect_ratio must be a ratio W:H between 21:9 and 9:21", "value_error", (0, 0));
    }

    private static double ReadImagePrompt(BodyReader reader) =>
        reader.String("image_prompt") is { } image && InlineImage.TryReadSize(image, out var width, out var height)
            ? InlineImage.Megapixels(width, height)
            : 0;

    private static (int Width, int Height) ReadFillImage(BodyReader reader)
    {
        var image = reader.RequiredString("image");
        var mask = reader.String("mask");
        if (image is null)
        {
            return (0, 0);
        }

        if (!InlineImage.TryReadSize(image, out var width, out var height))
        {
            return Invalid(reader, "image", "Value error, image must be a base64-encoded PNG or JPEG", "value_error", (0, 0));
        }

        if (mask is not null)
        {
            if (!InlineImage.TryReadSize(mask, out var maskWidth, out var maskHeight))
            {
                reader.Fail("mask", "Value error, mask must be a base64-encoded PNG or JPEG", "value_error");
            }
            else if (maskWidth != width || maskHeight != height)
            {
                var message = $"Value error, mask size {maskWidth}x{maskHeight} does not match image size {width}x{height}";
                reader.Fail("mask", message, "value_error");
            }
        }

        return (width, height);
    }

    private static T Invalid<T>(BodyReader reader, string field, string message, string type, T fallback)
    {
        reader.Fail(field, message, type);
        return fallback;
    }
}
