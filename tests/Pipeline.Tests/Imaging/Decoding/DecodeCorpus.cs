using Pipeline.Tests.Support;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using static Pipeline.Tests.Imaging.Decoding.CorpusImages;

namespace Pipeline.Tests.Imaging.Decoding;

/// <summary>One body and the verdict it must get: ok or not, and how <c>Describe()</c> starts.</summary>
public sealed record CorpusCase(string Name, byte[] Bytes, string? ContentType, bool Ok, string Expected, bool ScanDamage = false);

/// <summary>Every corpus case: generated here with ImageSharp, or read from the committed fixtures (see Fixtures/README.md).</summary>
public static class DecodeCorpus
{
    private static readonly Lazy<IReadOnlyDictionary<string, CorpusCase>> Cases = new(() => Build().ToDictionary(c => c.Name));

    public static IReadOnlyDictionary<string, CorpusCase> All => Cases.Value;

    public static TheoryData<string> Names() => [.. All.Keys];

    private static IEnumerable<CorpusCase> Build()
    {
        using var photo = Photo();
        var baseline = Jpeg(photo);
        var png = Png(photo);
        var progressive = Fixture("progressive.jpg");
        var restart = Fixture("restart-markers.jpg");

        // Sound images, every variant a provider or the sandbox may return.
        yield return new("jpeg-baseline-420", baseline, "image/jpeg", true, "ok");
        yield return new("jpeg-444", Jpeg(photo, JpegColorType.YCbCrRatio444), "image/jpeg", true, "ok");
        yield return new("jpeg-greyscale", Jpeg(photo, JpegColorType.Luminance), "image/jpeg", true, "ok");
        yield return new("jpeg-odd-size", Jpeg(Photo(253, 97)), "image/jpeg", true, "ok");
        yield return new("jpeg-progressive", progressive, "image/jpeg", true, "ok");
        yield return new("jpeg-progressive-restart", Fixture("progressive-restart.jpg"), "image/jpeg", true, "ok");
        yield return new("jpeg-restart-markers", restart, "image/jpeg", true, "ok");
        yield return new("jpeg-cmyk", Fixture("cmyk.jpg"), "image/jpeg", true, "ok");
        yield return new("jpeg-icc", Fixture("icc.jpg"), "image/jpeg", true, "ok");
        using (var turned = Photo(256, 144))
        {
            yield return new("jpeg-exif-orientation-6", WithOrientation(turned, 6), "image/jpeg", true, "ok; EXIF orientation 6");
        }

        yield return new("jpeg-sandbox-encoder", TestImages.Jpeg(320, 240), "image/jpeg", true, "ok");
        yield return new("png-rgb", png, "image/png", true, "ok");
        yield return new("png-rgba", Png(photo.CloneAs<Rgba32>(), PngColorType.RgbWithAlpha), "image/png", true, "ok");
        yield return new("png-16-bit", Png(photo, PngColorType.Rgb, PngBitDepth.Bit16), "image/png", true, "ok");
        yield return new("png-palette", Png(photo, PngColorType.Palette), "image/png", true, "ok");
        yield return new("png-greyscale", Png(photo, PngColorType.Grayscale), "image/png", true, "ok");
        yield return new("png-adam7", Fixture("adam7.png"), "image/png", true, "ok");
        yield return new("png-sandbox-encoder", TestImages.Png(320, 240), "image/png", true, "ok");
        yield return new("webp-lossy", Fixture("lossy.webp"), "image/webp", true, "ok");
        yield return new("webp-lossless", Fixture("lossless.webp"), "image/webp", true, "ok");
        yield return new("jpeg-no-content-type", baseline, null, true, "ok");

        // Bytes after the end of the image: kept, and noted.
        yield return new("jpeg-trailing-bytes", [.. baseline, .. new byte[4096]], "image/jpeg", true, "ok; 4096 bytes after EOI");
        yield return new("png-trailing-bytes", [.. png, .. "trailing junk"u8], "image/png", true, "ok; 13 bytes after IEND");

        // Dark or low-contrast but not blank.
        using (var gradient = Filled(256, 192, (x, _) => Grey(x * 40 / 255)))
        {
            yield return new("png-dark-gradient", Png(gradient), "image/png", true, "ok");
            yield return new("jpeg-dark-gradient", Jpeg(gradient), "image/jpeg", true, "ok");
        }

        using (var logo = Filled(512, 384, (x, y) => x is >= 440 and < 470 && y is >= 20 and < 44 ? new Rgb24(250, 250, 250) : Grey(0)))
        {
            yield return new("jpeg-black-with-small-logo", Jpeg(logo), "image/jpeg", true, "ok");
        }

        var noise = new Random(5);
        using (var lowKey = Filled(256, 192, (_, _) => Grey(noise.Next(8, 40))))
        {
            yield return new("png-low-key-noise", Png(lowKey), "image/png", true, "ok");
        }

        using (var lowKeyPhoto = Filled(256, 192, (x, y) => Grey((int)(22 + (14 * Math.Sin(x / 17.0) * Math.Sin(y / 13.0))))))
        {
            yield return new("jpeg-low-key-photo", Jpeg(lowKeyPhoto), "image/jpeg", true, "ok");
        }

        // Blank: what safety checkers return.
        using (var black = Filled(256, 192, (_, _) => Grey(0)))
        {
            yield return new("jpeg-all-black", Jpeg(black), "image/jpeg", true, "blank (uniform #000000)");
            yield return new("png-all-black", Png(black), "image/png", true, "blank (uniform #000000)");
        }

        using (var white = Filled(256, 192, (_, _) => Grey(255)))
        {
            yield return new("jpeg-all-white", Jpeg(white), "image/jpeg", true, "blank (uniform #FFFFFF)");
        }

        // Broken images that header checks accept.
        yield return new("jpeg-flipped-scan-bytes", FlipScanBytes(baseline), "image/jpeg", false, "corrupt: scan 1", ScanDamage: true);
        yield return new("jpeg-cut-mid-scan-eoi", CutMidScanWithEoi(baseline), "image/jpeg", false, "truncated scan: EOI", ScanDamage: true);
        yield return new("jpeg-huge-frame-junk-scan", HugeFrameJunkScan(baseline), "image/jpeg", false, "corrupt: scan 1", ScanDamage: true);
        yield return new("jpeg-progressive-flipped", FlipScanBytes(progressive), "image/jpeg", false, "corrupt: scan", ScanDamage: true);
        yield return new("jpeg-progressive-cut-eoi", CutMidScanWithEoi(progressive), "image/jpeg", false, "truncated scan: EOI", ScanDamage: true);
        yield return new("jpeg-restart-flipped", FlipScanBytes(restart), "image/jpeg", false, "corrupt: scan 1", ScanDamage: true);
        yield return new("jpeg-greyscale-flipped", FlipScanBytes(Jpeg(photo, JpegColorType.Luminance)), "image/jpeg", false, "corrupt: scan 1", ScanDamage: true);
        yield return new("jpeg-cut-no-eoi", baseline[..(baseline.Length * 2 / 3)], "image/jpeg", false, "truncated scan: data ends");
        yield return new("png-damaged-deflate-crc-ok", DamageIdatKeepCrc(png), "image/png", false, "corrupt: image data");
        yield return new("png-cut", png[..(png.Length / 2)], "image/png", false, "truncated: IDAT chunk");
        yield return new("png-too-large", PngClaiming(9000, 9000), "image/png", false, "too large: 9000×9000 (81 MP, limit 64 MP)");

        // Not images, or not what was declared.
        yield return new("empty-body", [], "image/jpeg", false, "empty body");
        yield return new("html-error-page", "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head></html>"u8.ToArray(), "image/jpeg", false, "format: declared image/jpeg, bytes are HTML");
        yield return new("json-error", """{"error":"quota exceeded"}"""u8.ToArray(), "image/png", false, "format: declared image/png, bytes are JSON");
        yield return new("text-body", "Internal Server Error"u8.ToArray(), null, false, "format: bytes are text, not JPEG, PNG or WebP");
        yield return new("png-declared-jpeg", png, "image/jpeg", false, "format: declared image/jpeg, bytes are PNG");
    }

    private static Rgb24 Grey(int level) => new((byte)level, (byte)level, (byte)level);
}
