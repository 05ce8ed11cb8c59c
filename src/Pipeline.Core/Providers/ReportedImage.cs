namespace Pipeline.Providers;

/// <summary>
/// The provider's own description of a result image (fal <c>images[]</c>, an OpenAI-compatible <c>size</c> and
/// <c>output_format</c>). The verifier checks the downloaded file against it, so a provider that says one thing
/// and delivers another is caught.
/// </summary>
/// <param name="Width">Pixels, when reported.</param>
/// <param name="Height">Pixels, when reported.</param>
/// <param name="ContentType">As reported (<c>image/jpeg</c>, <c>jpeg</c>, <c>png</c>), when reported.</param>
public sealed record ReportedImage(int? Width, int? Height, string? ContentType)
{
    /// <summary><c>jpeg</c>, <c>png</c>, another lower-case subtype, or null when no content type was reported.</summary>
    public string? Format => ContentType?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "image/jpeg" or "image/jpg" or "jpeg" or "jpg" => "jpeg",
        "image/png" or "png" => "png",
        var other => other.StartsWith("image/", StringComparison.Ordinal) ? other["image/".Length..] : other,
    };
}
