using System.Globalization;

namespace Pipeline.Providers;

/// <summary>How a job value is written into a provider's request.</summary>
internal enum WireKind
{
    /// <summary>A JSON string.</summary>
    Text,

    /// <summary>A JSON integer.</summary>
    Integer,

    /// <summary>A JSON number (a decimal keeps its written scale: <c>0.8</c>).</summary>
    Number,

    /// <summary>A JSON boolean.</summary>
    Boolean,

    /// <summary>An integer sent as a JSON string (fal's <c>safety_tolerance</c> enum <c>"1"</c>–<c>"6"</c>).</summary>
    IntegerText,

    /// <summary>An image file sent as plain base64 (BFL <c>image</c>, <c>mask</c>).</summary>
    ImageBase64,

    /// <summary>An image file sent as a <c>data:image/…;base64,</c> URI (fal <c>image_url</c>, <c>mask_url</c>).</summary>
    ImageDataUri,
}

/// <summary>
/// One row of a provider's parameter-mapping table: a job field (manifest/BFL name), the provider's name for it,
/// what the provider accepts, and the value sent when the job has none. Used both to build the request and to
/// reject, before any call, a job the provider cannot render.
/// </summary>
/// <param name="Field">The manifest's (BFL's) name: <c>prompt</c>, <c>finetune_strength</c>, <c>safety_tolerance</c>, …</param>
internal sealed record WireField(string Field, WireKind Kind)
{
    /// <summary>The provider's own name when it differs (fal <c>enhance_prompt</c> for <c>prompt_upsampling</c>).</summary>
    public string? Wire { get; init; }

    public decimal? Min { get; init; }

    public decimal? Max { get; init; }

    public int? MultipleOf { get; init; }

    /// <summary>Accepted values (in the manifest's spelling); null for any.</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>The <c>aspect_ratio</c> values taken, an enum or a range (docs/providers.md#accepted-aspect-ratios); null for other fields.</summary>
    public AcceptedRatios? Ratios { get; init; }

    /// <summary>Values spelled differently on the wire (Replicate <c>jpeg</c> → <c>jpg</c>).</summary>
    public IReadOnlyDictionary<string, string>? Spelling { get; init; }

    /// <summary>
    /// Sent when the job has no value. Set where hosts disagree on the default (docs/providers.md#pitfall-defaults-differ): the value is
    /// BFL's default, because the manifest speaks BFL's language.
    /// </summary>
    public object? Default { get; init; }

    /// <summary>The provider refuses a request without it and there is no default to send.</summary>
    public bool Required { get; init; }

    public string WireName => Wire ?? Field;

    /// <summary>What the provider accepts, for messages.</summary>
    public string Describe()
    {
        if (Ratios is not null)
        {
            return Ratios.Describe();
        }

        if (Choices is not null)
        {
            return "one of " + string.Join(", ", Choices);
        }

        var range = Min is not null && Max is not null ? string.Create(CultureInfo.InvariantCulture, $" from {Min} to {Max}") : string.Empty;
        return Kind switch
        {
            WireKind.Integer when MultipleOf is { } step => string.Create(CultureInfo.InvariantCulture, $"a multiple of {step}{range}"),
            WireKind.Integer => "an integer" + range,
            WireKind.IntegerText => $"an integer{range}, sent as a string",
            WireKind.Number => "a number" + range,
            WireKind.Boolean => "true or false",
            WireKind.ImageBase64 or WireKind.ImageDataUri => "a PNG or JPEG file",
            _ => "text",
        };
    }
}
