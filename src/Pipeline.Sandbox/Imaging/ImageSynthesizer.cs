using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Pipeline.Sandbox.Imaging;

/// <summary>
/// Paints a cheap, deterministic picture for a request: a two-colour diagonal gradient whose hues come
/// from a hash of prompt and finetune, overlaid with stripes or a checkerboard chosen by the seed, whose
/// contrast grows with the finetune strength. Integer arithmetic only, so the pixels never depend on
/// floating-point details. Drawn row by row into ImageSharp's buffer (no drawing library: plain pixel spans).
/// </summary>
internal static class ImageSynthesizer
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Image<Rgb24> Render(ImageSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var palette = SHA256.HashData(Encoding.UTF8.GetBytes($"{spec.Prompt}\n{spec.FinetuneId}"));
        var hue = BinaryPrimitives.ReadUInt16BigEndian(palette) % 360;
        var from = Hsv(hue, 150 + (palette[2] % 80), 235);
        var to = Hsv((hue + 120 + (palette[3] % 120)) % 360, 170 + (palette[4] % 70), 95);

        Span<byte> seedBytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(seedBytes, spec.Seed);
        var pattern = SHA256.HashData(seedBytes);
        var kind = pattern[0] % 4;
        var period = 16 + (pattern[1] % 81);
        var phase = BinaryPrimitives.ReadUInt16BigEndian(pattern.AsSpan(2)) % period;

        // Contrast in 1/256: strength 0 → 12, 1 → 56, 2 → 100; base models use a fixed 40.
        var amplitude = spec.Strength is { } strength ? 12 + (int)Math.Round(Math.Clamp(strength, 0, 2) * 44) : 40;

        int width = spec.Width, height = spec.Height;

        // Colour per (lit, t) where t = 0..1023 runs along the diagonal: the inner loop is then a table copy.
        var shades = new byte[2 * 1024 * 3];
        for (var t = 0; t < 1024; t++)
        {
            for (var lit = 0; lit < 2; lit++)
            {
                var gain = lit == 1 ? 256 + amplitude : 256 - amplitude;
                var offset = ((lit * 1024) + t) * 3;
                shades[offset] = Mix(from.R, to.R, t, gain);
                shades[offset + 1] = Mix(from.G, to.G, t, gain);
                shades[offset + 2] = Mix(from.B, to.B, t, gain);
            }
        }

        var columnWeight = new int[width];
        for (var x = 0; x < width; x++)
        {
            columnWeight[x] = (int)((long)x * 512 / width);
        }

        // Band parity along a line index that covers x + y (diagonal) and x - y + height (anti-diagonal).
        var bands = new int[width + height + 1];
        for (var i = 0; i < bands.Length; i++)
        {
            bands[i] = ((i + phase) / period) & 1;
        }

        var image = new Image<Rgb24>(width, height);
        var litRow = new int[width];
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < height; y++)
            {
                FillLitRow(litRow, kind, y, height, bands);
                var rowWeight = (int)((long)y * 512 / height);
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < width; x++)
                {
                    var offset = ((litRow[x] * 1024) + columnWeight[x] + rowWeight) * 3;
                    row[x] = new Rgb24(shades[offset], shades[offset + 1], shades[offset + 2]);
                }
            }
        });
        return image;
    }

    /// <summary>A single-colour image of the spec's size: the blank results a provider sometimes returns.</summary>
    public static Image<Rgb24> Fill(ImageSpec spec, Rgb24 colour)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new Image<Rgb24>(spec.Width, spec.Height, colour);
    }

    private static void FillLitRow(int[] litRow, int kind, int y, int height, int[] bands)
    {
        for (var x = 0; x < litRow.Length; x++)
        {
            litRow[x] = kind switch
            {
                0 => bands[x + y],
                1 => bands[x - y + height],
                2 => bands[x] ^ bands[y],
                _ => bands[y],
            };
        }
    }

    private static byte Mix(int from, int to, int t, int gain)
    {
        var value = from + (((to - from) * t) >> 10);
        return (byte)Math.Clamp((value * gain) >> 8, 0, 255);
    }

    /// <summary>HSV to RGB with hue in degrees, saturation and value 0–255.</summary>
    private static (int R, int G, int B) Hsv(int hue, int saturation, int value)
    {
        var sector = hue / 60;
        var fraction = (hue % 60) * 255 / 60;
        var p = value * (255 - saturation) / 255;
        var q = value * (255 - (saturation * fraction / 255)) / 255;
        var t = value * (255 - (saturation * (255 - fraction) / 255)) / 255;
        return sector switch
        {
            0 => (value, t, p),
            1 => (q, value, p),
            2 => (p, value, t),
            3 => (p, q, value),
            4 => (t, p, value),
            _ => (value, p, q),
        };
    }
}
