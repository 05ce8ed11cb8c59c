using System.Runtime.CompilerServices;

namespace Pipeline.Sandbox.Imaging;

/// <summary>
/// JFIF colour conversion (BT.601 full range) into planes padded to whole 16×16 MCUs: full-resolution Y,
/// and Cb/Cr averaged over 2×2 pixels. Padding repeats the last column and row of the image.
/// </summary>
internal sealed class YCbCrPlanes
{
    private YCbCrPlanes(int lumaWidth, int lumaHeight)
    {
        LumaWidth = lumaWidth;
        LumaHeight = lumaHeight;
        Y = new byte[lumaWidth * lumaHeight];
        Cb = new byte[ChromaWidth * (lumaHeight / 2)];
        Cr = new byte[ChromaWidth * (lumaHeight / 2)];
    }

    public int LumaWidth { get; }

    public int LumaHeight { get; }

    public int ChromaWidth => LumaWidth / 2;

    public byte[] Y { get; }

    public byte[] Cb { get; }

    public byte[] Cr { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static YCbCrPlanes From(RgbImage image)
    {
        var planes = new YCbCrPlanes((image.Width + 15) & ~15, (image.Height + 15) & ~15);
        var pixels = image.Pixels;
        var stride = image.Stride;

        // Column offsets with edge replication, so the inner loops never branch on the border.
        var columnOffset = new int[planes.LumaWidth];
        for (var x = 0; x < columnOffset.Length; x++)
        {
            columnOffset[x] = Math.Min(x, image.Width - 1) * 3;
        }

        for (var y = 0; y < planes.LumaHeight; y++)
        {
            var rowStart = Math.Min(y, image.Height - 1) * stride;
            var target = planes.Y.AsSpan(y * planes.LumaWidth, planes.LumaWidth);
            for (var x = 0; x < target.Length; x++)
            {
                var i = rowStart + columnOffset[x];
                // 16-bit fixed point: 0.299, 0.587, 0.114.
                target[x] = (byte)(((19595 * pixels[i]) + (38470 * pixels[i + 1]) + (7471 * pixels[i + 2]) + 32768) >> 16);
            }
        }

        var chromaHeight = planes.LumaHeight / 2;
        for (var cy = 0; cy < chromaHeight; cy++)
        {
            var row0 = Math.Min(2 * cy, image.Height - 1) * stride;
            var row1 = Math.Min((2 * cy) + 1, image.Height - 1) * stride;
            var offset = cy * planes.ChromaWidth;
            for (var cx = 0; cx < planes.ChromaWidth; cx++)
            {
                int a = columnOffset[2 * cx], b = columnOffset[(2 * cx) + 1];
                var r = pixels[row0 + a] + pixels[row0 + b] + pixels[row1 + a] + pixels[row1 + b];
                var g = pixels[row0 + a + 1] + pixels[row0 + b + 1] + pixels[row1 + a + 1] + pixels[row1 + b + 1];
                var bl = pixels[row0 + a + 2] + pixels[row0 + b + 2] + pixels[row1 + a + 2] + pixels[row1 + b + 2];

                // Sums of four pixels, so the 16-bit constants are pre-divided by 4 (shift 18).
                // Cb = -0.168736 R - 0.331264 G + 0.5 B + 128; Cr = 0.5 R - 0.418688 G - 0.081312 B + 128.
                var cb = ((-11059 * r) - (21709 * g) + (32768 * bl) + (128 << 18) + (1 << 17)) >> 18;
                var cr = ((32768 * r) - (27439 * g) - (5329 * bl) + (128 << 18) + (1 << 17)) >> 18;
                planes.Cb[offset + cx] = (byte)Math.Clamp(cb, 0, 255);
                planes.Cr[offset + cx] = (byte)Math.Clamp(cr, 0, 255);
            }
        }

        return planes;
    }
}
