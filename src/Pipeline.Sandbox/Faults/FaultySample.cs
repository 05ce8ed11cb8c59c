using System.Text;
using Pipeline.Sandbox.Imaging;
using SixLabors.ImageSharp.PixelFormats;

namespace Pipeline.Sandbox.Faults;

/// <summary>The bytes served for an image under a <see cref="DownloadFault"/>, all deterministic per spec.</summary>
internal static class FaultySample
{
    /// <summary>How many zero bytes <see cref="DownloadFault.TrailingBytes"/> appends after EOI or IEND.</summary>
    public const int TrailingByteCount = 4096;

    /// <summary>What a storage front end sends when its upstream fails, here under an image content type.</summary>
    public const string HtmlErrorPage =
        "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>"
        + "<body><h1>502 Bad Gateway</h1><p>The upstream server did not answer in time. Please try again later.</p></body></html>\n";

    /// <param name="clean">The image as rendered; read only for the faults that damage it.</param>
    public static byte[] Create(DownloadFault fault, ImageSpec spec, Func<byte[]> clean)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(clean);
        return fault switch
        {
            DownloadFault.None => clean(),
            DownloadFault.CorruptScan => JpegDamage.CorruptScan(clean()),
            DownloadFault.TruncatedScan => JpegDamage.TruncatedScan(clean()),
            DownloadFault.JunkScan => JpegDamage.JunkScan(clean()),
            DownloadFault.DamagedPng => PngDamage.DamageIdat(clean()),
            DownloadFault.BlackImage => Blank(spec, new Rgb24(0, 0, 0)),
            DownloadFault.WhiteImage => Blank(spec, new Rgb24(255, 255, 255)),
            DownloadFault.TrailingBytes => [.. clean(), .. new byte[TrailingByteCount]],
            DownloadFault.HtmlBody => Encoding.UTF8.GetBytes(HtmlErrorPage),
            DownloadFault.EmptyBody => [],
            _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "Unknown download fault."),
        };
    }

    private static byte[] Blank(ImageSpec spec, Rgb24 colour)
    {
        using var image = ImageSynthesizer.Fill(spec, colour);
        return SampleEncoder.Encode(image, spec.Format);
    }
}
