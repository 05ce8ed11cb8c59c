using Pipeline.Planning;
using static Pipeline.Providers.JobFields;
using Pipeline.Domain;

namespace Pipeline.Providers.Bfl;

/// <summary>
/// BFL's parameter-mapping table (docs/providers.md#bfl-request-fields), also used by the hosts that speak BFL's
/// protocol (the sandbox, CometAPI's pass-through; docs/providers.md#cometapi-bfl-pass-through), which take it from here. Strength, aspect ratio and safety tolerance are always sent explicitly because hosts disagree on
/// their defaults (docs/providers.md#pitfall-defaults-differ).
/// </summary>
internal static class BflRequest
{
    /// <summary>BFL's field is a free string "between 21:9 and 9:21" (docs/providers.md#accepted-aspect-ratios); the table's nine are the examples.</summary>
    public static AcceptedRatios UltraRatios { get; } = AcceptedRatios.Between(new(21, 9), new(9, 21), [.. ModelCatalog.UltraSizes.Select(s => s.Key)]);

    /// <summary>The nine ratios with a published size (docs/providers.md#output-sizes-ultra), for hosts that list only those.</summary>
    public static AcceptedRatios TableRatios { get; } = AcceptedRatios.OneOf([.. ModelCatalog.UltraSizes.Select(s => s.Key)]);

    public static IReadOnlyList<string> Formats { get; } = ["jpeg", "png"];

    /// <summary>The request body for <paramref name="job"/>, or why it cannot be sent.</summary>
    public static WireBody Build(string provider, Job job, bool readFiles = true)
    {
        ArgumentNullException.ThrowIfNull(job);
        return WireMapper.Map(Map(provider, job.Model), Of(job), readFiles);
    }

    /// <summary>The body the BFL adapter sends for <paramref name="job"/> (image and mask read as base64).</summary>
    /// <exception cref="ArgumentException">The job cannot be sent to BFL; the message lists why.</exception>
    public static System.Text.Json.Nodes.JsonObject Body(Job job)
    {
        var build = Build("bfl", job);
        return build.Body ?? throw new ArgumentException(string.Join("; ", build.Problems), nameof(job));
    }

    /// <summary>BFL's table for <paramref name="model"/>, under the name of <paramref name="provider"/> (a host that speaks BFL's protocol).</summary>
    public static EndpointMap Map(string provider, string model) => model switch
    {
        "flux-pro-1.1-ultra-finetuned" => new(provider, model, model,
        [
            .. Finetune(1.2m),
            new(Seed, WireKind.Integer),
            new(AspectRatio, WireKind.Text) { Ratios = UltraRatios, Default = "16:9" },
            .. Common(),
            new(ImagePromptStrength, WireKind.Number) { Min = 0, Max = 1 },
        ]),
        "flux-pro-1.1-ultra" => new(provider, model, model,
        [
            new(Prompt, WireKind.Text) { Required = true },
            new(Seed, WireKind.Integer),
            new(AspectRatio, WireKind.Text) { Ratios = UltraRatios, Default = "16:9" },
            .. Common(),
            new(ImagePromptStrength, WireKind.Number) { Min = 0, Max = 1 },
            new(Raw, WireKind.Boolean),
        ]),
        "flux-pro-finetuned" => new(provider, model, model,
        [
            .. Finetune(1.1m),
            new(Seed, WireKind.Integer),
            new(Width, WireKind.Integer) { Min = ModelCatalog.MinSide, Max = ModelCatalog.MaxSide, MultipleOf = ModelCatalog.SideMultiple, Default = 1024L },
            new(Height, WireKind.Integer) { Min = ModelCatalog.MinSide, Max = ModelCatalog.MaxSide, MultipleOf = ModelCatalog.SideMultiple, Default = 768L },
            .. Common(),
            new(Steps, WireKind.Integer) { Min = 1, Max = 50 },
            new(Guidance, WireKind.Number) { Min = 1.5m, Max = 5 },
        ]),
        "flux-pro-1.0-fill-finetuned" => new(provider, model, model,
        [
            .. Finetune(1.1m),
            new(Seed, WireKind.Integer),
            new(Image, WireKind.ImageBase64) { Required = true },
            new(Mask, WireKind.ImageBase64),
            .. Common(),
            new(Steps, WireKind.Integer) { Min = 15, Max = 50 },
            new(Guidance, WireKind.Number) { Min = 1.5m, Max = 100 },
        ]),
        _ => EndpointMap.None(provider, model, $"{provider} has no endpoint for model '{model}'"),
    };

    private static WireField[] Finetune(decimal defaultStrength) =>
    [
        new(Prompt, WireKind.Text) { Required = true },
        new(FinetuneId, WireKind.Text) { Required = true },
        new(FinetuneStrength, WireKind.Number) { Min = ModelCatalog.MinStrength, Max = ModelCatalog.MaxStrength, Default = defaultStrength },
    ];

    private static WireField[] Common() =>
    [
        new(OutputFormat, WireKind.Text) { Choices = Formats, Default = "jpeg" },
        new(SafetyTolerance, WireKind.Integer) { Min = 0, Max = 6, Default = 2L },
        new(PromptUpsampling, WireKind.Boolean),
    ];
}
