using System.Security.Cryptography;
using Pipeline.Providers;
using Pipeline.Verification;
using Pipeline.Domain;
using Pipeline.Imaging;

namespace Pipeline.Manifests.Reading;

/// <summary>
/// Reads <c>image:</c> and <c>mask:</c> of a fill campaign: paths relative to the manifest's folder, each a PNG or
/// JPEG whose header gives its size, the mask the same size as the image (BFL refuses a mismatch, docs/providers.md#bfl-request-fields).
/// </summary>
internal static class FillReader
{
    public static (FillInput? Image, FillInput? Mask) Read(Fields top, ModelSpec? model, ReadContext cx)
    {
        if (model is not null && model.Shape != ModelShape.Fill)
        {
            top.Forbid("image", $"only fill models take an input image; {model.Name} renders from the prompt alone");
            top.Forbid("mask", $"only fill models take a mask; {model.Name} renders from the prompt alone");
            return (null, null);
        }

        var imageNode = model is null ? top.Optional("image", "a path to a PNG or JPEG") : top.Required("image", $"the path of the image to fill (PNG or JPEG, relative to the manifest), required for {model.Name}");
        var image = Input(imageNode, "image", cx);
        var mask = Input(top.Optional("mask", "a path to a PNG or JPEG mask"), "mask", cx);
        if (image is not null && mask is not null && image.Size != mask.Size)
        {
            cx.Error("mask", $"the mask is {mask.Size} but the image is {image.Size}; they must be the same size (black keeps, white is filled)");
        }

        return (image, mask);
    }

    private static FillInput? Input(YamlNode? node, string key, ReadContext cx)
    {
        if (cx.String(node, key, "a file path like fill/kettle.png") is not { } written)
        {
            return null;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(cx.File)) ?? Directory.GetCurrentDirectory();
        var path = Path.GetFullPath(Path.Combine(folder, written));
        if (!File.Exists(path))
        {
            cx.Error(key, $"file '{written}' not found (looked for {path}); paths are relative to the manifest's folder");
            return null;
        }

        ImageFacts facts;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
            facts = ImageInspector.Inspect(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            cx.Error(key, $"cannot read '{written}': {e.Message}");
            return null;
        }

        if (facts.Format is not { } format || facts.Width is not { } width || facts.Height is not { } height || width <= 0 || height <= 0)
        {
            cx.Error(key, $"'{written}' is not a readable PNG or JPEG (its header gives no format and size)");
            return null;
        }

        return new FillInput(path, written, Convert.ToHexStringLower(SHA256.HashData(bytes)), new ImageSize(width, height), format);
    }
}
