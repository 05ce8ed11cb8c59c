using Pipeline.Sandbox.Imaging;

namespace Pipeline.Sandbox.Protocol;

/// <summary>A validated submit request with BFL's defaults applied.</summary>
/// <param name="Seed">The requested seed; null means the sandbox picks one (as BFL does).</param>
/// <param name="Strength">Effective finetune strength; null for base models.</param>
/// <param name="Width">Output width in pixels (Ultra table, requested size, or the fill image's size).</param>
/// <param name="WebhookUrl">When set, the submit answer has the AsyncWebhookResponse shape.</param>
/// <param name="InputMegapixels">Megapixels of the input image(s), 0 when none.</param>
/// <param name="Fingerprint">See <see cref="RequestFingerprint"/>.</param>
internal sealed record Submission(
    BflModel Model,
    string Prompt,
    string? FinetuneId,
    double? Strength,
    long? Seed,
    int Width,
    int Height,
    ImageFormat Format,
    string? WebhookUrl,
    double InputMegapixels,
    string Fingerprint)
{
    public double OutputMegapixels => InlineImage.Megapixels(Width, Height);

    public ImageSpec ToImageSpec(long seed) => new(Model.Name, Prompt, FinetuneId, Strength, seed, Width, Height, Format);
}
