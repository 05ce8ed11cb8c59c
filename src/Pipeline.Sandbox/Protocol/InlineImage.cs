using Pipeline.Sandbox.Imaging;

namespace Pipeline.Sandbox.Protocol;

/// <summary>Base64 image fields (<c>image</c>, <c>mask</c>, <c>image_prompt</c>): decode and read the pixel size.</summary>
internal static class InlineImage
{
    /// <summary>Accepts plain base64 or a <c>data:image/...;base64,</c> URI; false when not a PNG or JPEG.</summary>
    public static bool TryReadSize(string base64, out int width, out int height)
    {
        width = height = 0;
        var text = base64.AsSpan().Trim();
        if (text.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = text.IndexOf(',');
            if (comma < 0)
            {
                return false;
            }

            text = text[(comma + 1)..];
        }

        var bytes = new byte[((text.Length + 3) / 4) * 3];
        return Convert.TryFromBase64Chars(text, bytes, out var written)
            && ImageHeader.TryReadSize(bytes.AsSpan(0, written), out width, out height);
    }

    /// <summary>Megapixels rounded to 2 decimals, as BFL reports <c>input_mp</c>/<c>output_mp</c>.</summary>
    public static double Megapixels(int width, int height) => Math.Round(width * (double)height / 1_000_000, 2);
}
