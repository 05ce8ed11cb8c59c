using System.Text.Json.Nodes;
using Pipeline.Sandbox.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Pipeline.Tests.Sandbox;

/// <summary>Request bodies for the four sandbox models, with explicit seeds so outputs are deterministic.</summary>
internal static class SandboxRequests
{
    public const string Ultra = "flux-pro-1.1-ultra";
    public const string UltraFinetuned = "flux-pro-1.1-ultra-finetuned";
    public const string ProFinetuned = "flux-pro-finetuned";
    public const string FillFinetuned = "flux-pro-1.0-fill-finetuned";

    public static JsonObject UltraFinetunedBody(string prompt = "a lighthouse at dusk", string aspectRatio = "21:9", string format = "jpeg", long seed = 7) =>
        new()
        {
            ["prompt"] = prompt,
            ["finetune_id"] = "ft-brand-1",
            ["finetune_strength"] = 1.2,
            ["aspect_ratio"] = aspectRatio,
            ["output_format"] = format,
            ["seed"] = seed,
        };

    public static JsonObject ProFinetunedBody(int? width = null, int? height = null) =>
        new()
        {
            ["prompt"] = "a product shot",
            ["finetune_id"] = "ft-brand-1",
            ["seed"] = 3,
            ["width"] = width,
            ["height"] = height,
        };

    public static JsonObject FillBody(string imageBase64) =>
        new()
        {
            ["prompt"] = "fill the sky",
            ["finetune_id"] = "ft-brand-1",
            ["image"] = imageBase64,
            ["seed"] = 11,
        };

    /// <summary>A small real PNG, base64, as a fill input.</summary>
    public static string PngBase64(int width, int height) =>
        Convert.ToBase64String(Black(width, height, ImageFormat.Png));

    public static string JpegBase64(int width, int height) =>
        Convert.ToBase64String(Black(width, height, ImageFormat.Jpeg));

    private static byte[] Black(int width, int height, ImageFormat format)
    {
        using var image = new Image<Rgb24>(width, height);
        return SampleEncoder.Encode(image, format);
    }
}
