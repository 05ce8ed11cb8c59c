using Pipeline.Planning;
using Pipeline.Providers.Bfl;
using static Pipeline.Providers.JobFields;
using Pipeline.Domain;

namespace Pipeline.Providers.Fal;

/// <summary>
/// fal's parameter-mapping table (docs/providers.md#fal-request-fields): BFL model → fal queue endpoint. fal's <c>safety_tolerance</c> is
/// a string enum <c>"1"</c>–<c>"6"</c> (so BFL's 0 cannot be sent), <c>prompt_upsampling</c> is <c>enhance_prompt</c>,
/// the fill inputs are URLs (sent as data URIs), and <c>finetune_strength</c> has no default (BFL's is sent).
/// </summary>
internal static class FalRequest
{
    public const string Provider = "fal";

    public static WireBody Build(Job job, bool readFiles = true)
    {
        ArgumentNullException.ThrowIfNull(job);
        return WireMapper.Map(Map(job.Model), Of(job), readFiles);
    }

    public static EndpointMap Map(string model) => model switch
    {
        "flux-pro-1.1-ultra-finetuned" => new(Provider, model, "fal-ai/flux-pro/v1.1-ultra-finetuned",
        [
            new(Prompt, WireKind.Text) { Required = true },
            new(FinetuneId, WireKind.Text) { Required = true },
            Strength(1.2m),
            new(Seed, WireKind.Integer),
            new(AspectRatio, WireKind.Text) { Ratios = BflRequest.TableRatios, Default = "16:9" },
            .. Common(),
            new(PromptUpsampling, WireKind.Boolean) { Wire = "enhance_prompt" },
            new(ImagePromptStrength, WireKind.Number) { Min = 0, Max = 1 },
        ]),
        "flux-pro-1.1-ultra" => new(Provider, model, "fal-ai/flux-pro/v1.1-ultra",
        [
            new(Prompt, WireKind.Text) { Required = true },
            new(Seed, WireKind.Integer),
            new(AspectRatio, WireKind.Text) { Ratios = BflRequest.TableRatios, Default = "16:9" },
            .. Common(),
            new(PromptUpsampling, WireKind.Boolean) { Wire = "enhance_prompt" },
            new(ImagePromptStrength, WireKind.Number) { Min = 0, Max = 1 },
            new(Raw, WireKind.Boolean),
        ]),
        "flux-pro-1.0-fill-finetuned" => new(Provider, model, "fal-ai/flux-pro/v1/fill-finetuned",
        [
            new(Prompt, WireKind.Text) { Required = true },
            new(FinetuneId, WireKind.Text) { Required = true },
            Strength(1.1m),
            new(Seed, WireKind.Integer),
            new(Image, WireKind.ImageDataUri) { Wire = "image_url", Required = true },

            // BFL can take the mask from the image's alpha channel; fal documents mask_url as an input (docs/providers.md#fal-request-fields).
            new(Mask, WireKind.ImageDataUri) { Wire = "mask_url", Required = true },
            .. Common(),
        ]),
        "flux-pro-finetuned" => EndpointMap.None(Provider, model,
            "fal has no FLUX.1 [pro] finetuned endpoint (only v1.1-ultra-finetuned and v1/fill-finetuned; docs/providers.md#fal): use flux-pro-1.1-ultra-finetuned or another provider"),
        _ => EndpointMap.None(Provider, model, $"fal has no endpoint for model '{model}'"),
    };

    // fal types finetune_strength as required with no default; BFL's default is sent so the manifest means the same everywhere.
    private static WireField Strength(decimal bflDefault) =>
        new(FinetuneStrength, WireKind.Number) { Min = ModelCatalog.MinStrength, Max = ModelCatalog.MaxStrength, Default = bflDefault };

    private static WireField[] Common() =>
    [
        new(OutputFormat, WireKind.Text) { Choices = BflRequest.Formats, Default = "jpeg" },
        new(SafetyTolerance, WireKind.IntegerText) { Min = 1, Max = 6, Default = 2L },
    ];
}
