using System.Text.Json.Nodes;
using Pipeline.Planning;
using Pipeline.Providers.Bfl;
using static Pipeline.Providers.JobFields;
using Pipeline.Domain;

namespace Pipeline.Providers.Replicate;

/// <summary>
/// Replicate's parameter-mapping table (docs/providers.md#replicate-model-inputs): BFL model → <c>black-forest-labs/*</c> model, inputs under
/// <c>{"input": …}</c>. Where Replicate's defaults differ from BFL's (docs/providers.md#pitfall-defaults-differ) BFL's are sent: <c>aspect_ratio</c>
/// (Replicate 1:1, BFL 16:9), <c>finetune_strength</c> (Replicate 1), <c>guidance</c> (Replicate 3, BFL 2.5).
/// <c>output_format</c> is spelled <c>jpg</c>; <c>safety_tolerance</c> is 1–6, so BFL's 0 is refused at plan time
/// rather than silently loosened. Sizes go as <c>aspect_ratio: "custom"</c> with <c>width</c>/<c>height</c>.
/// </summary>
internal static class ReplicateRequest
{
    public const string Provider = "replicate";

    /// <summary>Replicate's Ultra enum: the nine of docs/providers.md#output-sizes-ultra plus 5:4 and 4:5.</summary>
    public static AcceptedRatios UltraRatios { get; } = AcceptedRatios.OneOf(["21:9", "16:9", "3:2", "4:3", "5:4", "1:1", "4:5", "3:4", "2:3", "9:16", "9:21"]);

    private static readonly Dictionary<string, string> JpgSpelling = new(StringComparer.Ordinal) { ["jpeg"] = "jpg" };

    /// <summary>The body <c>{"input": {…}}</c>, or why the job cannot be sent.</summary>
    public static WireBody Build(Job job, bool readFiles = true)
    {
        ArgumentNullException.ThrowIfNull(job);
        var input = WireMapper.Map(Map(job.Model), Of(job), readFiles);
        return input.Ok ? input with { Body = new JsonObject { ["input"] = input.Body } } : input;
    }

    public static EndpointMap Map(string model) => model switch
    {
        "flux-pro-1.1-ultra-finetuned" => new(Provider, model, "black-forest-labs/flux-1.1-pro-ultra-finetuned",
        [
            new(Prompt, WireKind.Text) { Required = true },
            new(FinetuneId, WireKind.Text) { Required = true },
            Strength(1.2m),
            .. Ultra(),
        ]),
        "flux-pro-1.1-ultra" => new(Provider, model, "black-forest-labs/flux-1.1-pro-ultra",
        [
            new(Prompt, WireKind.Text) { Required = true },
            .. Ultra(),

            // Replicate's finetuned Ultra exposes raw too, but raw mode does not work with finetunes (docs/providers.md#pitfall-raw-with-finetunes).
            new(Raw, WireKind.Boolean),
        ]),
        "flux-pro-finetuned" => new(Provider, model, "black-forest-labs/flux-pro-finetuned",
        [
            new(Prompt, WireKind.Text) { Required = true },
            new(FinetuneId, WireKind.Text) { Required = true },
            Strength(1.1m),
            new(Seed, WireKind.Integer),
            new(Width, WireKind.Integer) { Min = ModelCatalog.MinSide, Max = ModelCatalog.MaxSide, MultipleOf = ModelCatalog.SideMultiple, Default = 1024L },
            new(Height, WireKind.Integer) { Min = ModelCatalog.MinSide, Max = ModelCatalog.MaxSide, MultipleOf = ModelCatalog.SideMultiple, Default = 768L },
            new(Steps, WireKind.Integer) { Min = 1, Max = 50 },
            new(Guidance, WireKind.Number) { Min = 2, Max = 5, Default = 2.5m },
            new(PromptUpsampling, WireKind.Boolean),
            .. Common(),
        ])
        {
            Constants = new Dictionary<string, object>(StringComparer.Ordinal) { [AspectRatio] = "custom" },
        },
        "flux-pro-1.0-fill-finetuned" => EndpointMap.None(Provider, model,
            "Replicate has no fill-finetuned model (docs/providers.md#replicate): use bfl, cometapi or fal for flux-pro-1.0-fill-finetuned"),
        _ => EndpointMap.None(Provider, model, $"replicate has no model for '{model}'"),
    };

    private static WireField Strength(decimal bflDefault) =>
        new(FinetuneStrength, WireKind.Number) { Min = ModelCatalog.MinStrength, Max = ModelCatalog.MaxStrength, Default = bflDefault };

    private static WireField[] Ultra() =>
    [
        new(Seed, WireKind.Integer),
        new(AspectRatio, WireKind.Text) { Ratios = UltraRatios, Default = "16:9" },
        new(ImagePromptStrength, WireKind.Number) { Min = 0, Max = 1 },
        .. Common(),
    ];

    private static WireField[] Common() =>
    [
        new(OutputFormat, WireKind.Text) { Choices = BflRequest.Formats, Spelling = JpgSpelling, Default = "jpeg" },
        new(SafetyTolerance, WireKind.Integer) { Min = 1, Max = 6, Default = 2L },
    ];
}
