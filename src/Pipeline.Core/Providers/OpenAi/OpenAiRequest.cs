using System.Globalization;
using Pipeline.Planning;
using Pipeline.Providers.Bfl;
using static Pipeline.Providers.JobFields;
using Pipeline.Domain;

namespace Pipeline.Providers.OpenAi;

/// <summary>
/// The OpenAI-compatible images table (docs/providers.md#openai-compatible-images): <c>model</c> is Lumenfall's <c>flux1.1-pro-ultra</c> for the
/// base Ultra and BFL's name for the finetuned models, <c>size</c> is <c>WxH</c> (the Ultra table's pixels for the
/// ratio, or the job's size), which sets shape and scale at Lumenfall; <c>aspect_ratio</c> rides along as an extra
/// field, <c>n</c> is 1, and the FLUX fields (seed, output_format, safety_tolerance, finetune fields) pass through
/// with BFL's names and BFL's defaults sent explicitly.
/// </summary>
internal static class OpenAiRequest
{
    public const string Provider = "openai";
    public const string Size = "size";
    public const string ResponseFormat = "response_format";

    /// <summary>The two documented <c>response_format</c> values.</summary>
    public static IReadOnlyList<string> ResponseFormats { get; } = ["url", "b64_json"];

    /// <summary>The request body, or why the job cannot be sent.</summary>
    /// <param name="responseFormat"><c>url</c> or <c>b64_json</c>.</param>
    public static WireBody Build(Job job, string responseFormat = "url", bool readFiles = true)
    {
        ArgumentNullException.ThrowIfNull(job);
        var values = Of(job);
        var map = Map(job.Model);
        if (map.Unavailable is null)
        {
            if (SizeOf(job) is { } size)
            {
                values[Size] = size;
            }

            values.Remove(Width);
            values.Remove(Height);
        }

        var built = WireMapper.Map(map, values, readFiles);
        if (built.Body is { } body)
        {
            body[ResponseFormat] = responseFormat;
        }

        return built;
    }

    public static EndpointMap Map(string model)
    {
        if (!ModelCatalog.Models.TryGetValue(model, out var spec))
        {
            return EndpointMap.None(Provider, model, $"openai: unknown model '{model}'");
        }

        if (spec.Shape == ModelShape.Fill)
        {
            return EndpointMap.None(Provider, model, "the OpenAI images API (images/generations) takes no input image or mask, so it cannot fill: use bfl, cometapi or fal");
        }

        var fields = new List<WireField> { new(Prompt, WireKind.Text) { Required = true } };
        if (spec.Finetuned)
        {
            fields.Add(new(FinetuneId, WireKind.Text) { Required = true });
            fields.Add(new(FinetuneStrength, WireKind.Number) { Min = ModelCatalog.MinStrength, Max = ModelCatalog.MaxStrength, Default = spec.DefaultStrength });
        }

        fields.Add(new(Size, WireKind.Text) { Required = true });
        fields.Add(new(Seed, WireKind.Integer));
        fields.Add(new(OutputFormat, WireKind.Text) { Choices = BflRequest.Formats, Default = "jpeg" });
        fields.Add(new(SafetyTolerance, WireKind.Integer) { Min = 0, Max = 6, Default = 2L });
        fields.Add(new(PromptUpsampling, WireKind.Boolean));
        if (spec.Shape == ModelShape.Ultra)
        {
            fields.Add(new(AspectRatio, WireKind.Text) { Ratios = BflRequest.TableRatios, Default = "16:9" });
            fields.Add(new(ImagePromptStrength, WireKind.Number) { Min = 0, Max = 1 });
            if (!spec.Finetuned)
            {
                fields.Add(new(Raw, WireKind.Boolean));
            }
        }
        else
        {
            fields.Add(new(Steps, WireKind.Integer) { Min = 1, Max = 50 });
            fields.Add(new(Guidance, WireKind.Number) { Min = 1.5m, Max = 5 });
        }

        return new EndpointMap(Provider, model, "images/generations", fields)
        {
            Constants = new Dictionary<string, object>(StringComparer.Ordinal) { ["model"] = WireModel(model), ["n"] = 1L },
        };
    }

    /// <summary>The <c>model</c> sent: Lumenfall's canonical name for the base Ultra (docs/providers.md#openai-images-gateways), BFL's name otherwise.</summary>
    public static string WireModel(string model) => model == "flux-pro-1.1-ultra" ? "flux1.1-pro-ultra" : model;

    /// <summary><c>WxH</c>: the Ultra table's size for the ratio (default 16:9), or the job's size (default 1024x768).</summary>
    private static string? SizeOf(Job job)
    {
        var size = ModelCatalog.Models[job.Model].Shape == ModelShape.Sized
            ? job.Size ?? new ImageSize(1024, 768)
            : ModelCatalog.UltraSize(job.AspectRatio ?? "16:9");
        return size is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s.Width}x{s.Height}") : null;
    }

    /// <summary>Reads <c>WxH</c> (the response's <c>size</c>).</summary>
    public static (int Width, int Height)? ParseSize(string? text)
    {
        var parts = text?.Split('x', 'X');
        return parts is [var w, var h]
            && int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            && int.TryParse(h, NumberStyles.None, CultureInfo.InvariantCulture, out var height)
                ? (width, height)
                : null;
    }
}
