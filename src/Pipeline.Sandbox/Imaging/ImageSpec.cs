using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Sandbox.Imaging;

/// <summary>Everything that decides a sandbox image's bytes. Equal specs give byte-identical files.</summary>
/// <param name="Strength">The finetune strength, or null for a base model.</param>
internal sealed record ImageSpec(
    string Model, string Prompt, string? FinetuneId, double? Strength, long Seed, int Width, int Height, ImageFormat Format)
{
    /// <summary>Lower-case hex SHA-256 of the spec's fields: the image cache key.</summary>
    /// <remarks>Computed on each read: a stored value would be copied unchanged by <c>with</c> expressions.</remarks>
    public string Key => Hash(Model, Prompt, FinetuneId, Strength, Seed, Width, Height, Format);

    private static string Hash(
        string model, string prompt, string? finetuneId, double? strength, long seed, int width, int height, ImageFormat format)
    {
        var text = string.Join(
            '\n',
            model,
            prompt,
            finetuneId ?? "-",
            strength?.ToString("R", CultureInfo.InvariantCulture) ?? "-",
            seed.ToString(CultureInfo.InvariantCulture),
            width.ToString(CultureInfo.InvariantCulture),
            height.ToString(CultureInfo.InvariantCulture),
            format.ToString());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
