using Pipeline.Domain;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Xmp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Pipeline.Renditions;

/// <summary>
/// The pixel work of a rendition (ImageSharp 2.1.13): decode a master once, resize it to each geometry the specs ask
/// for (<c>cover</c>: scale to fill and crop at the gravity; <c>contain</c>: scale to fit and pad with the background;
/// one side given: scale keeping the ratio) and encode it as JPEG, PNG or WebP at a quality.
/// </summary>
public sealed class RenditionImage : IDisposable
{
    /// <summary>
    /// Only the formats masters and renditions use, never <c>Configuration.Default</c>; one thread per image, so all the
    /// pixel work stays on the rendition worker that asked for it and never runs on the pool at normal priority
    /// (docs/architecture.md#48-renditions-yield-to-the-run).
    /// </summary>
    private static readonly Configuration Formats = new(new JpegConfigurationModule(), new PngConfigurationModule(), new WebpConfigurationModule())
    {
        MaxDegreeOfParallelism = 1,
    };

    private readonly Image<Rgb24> _master;

    private RenditionImage(Image<Rgb24> master) => _master = master;

    public ImageSize Size => new(_master.Width, _master.Height);

    /// <summary>Decodes the master at <paramref name="path"/>, turned upright by its EXIF orientation.</summary>
    /// <exception cref="InvalidImageContentException">The file does not decode.</exception>
    /// <exception cref="UnknownImageFormatException">The file is not a JPEG, PNG or WebP.</exception>
    public static RenditionImage Load(string path)
    {
        var image = Image.Load<Rgb24>(Formats, path);
        image.Mutate(x => x.AutoOrient());
        return new RenditionImage(image);
    }

    /// <summary>Decodes a master held in memory (the benchmark's input).</summary>
    public static RenditionImage Load(ReadOnlySpan<byte> bytes)
    {
        var image = Image.Load<Rgb24>(Formats, bytes);
        image.Mutate(x => x.AutoOrient());
        return new RenditionImage(image);
    }

    /// <summary>The pixels <paramref name="spec"/> asks of this master: specs with equal geometry share one resize.</summary>
    public RenditionGeometry GeometryFor(RenditionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new RenditionGeometry(
            spec.SizeFor(Size),
            !spec.Exact ? ResizeMode.Stretch : spec.Fit == "contain" ? ResizeMode.Pad : ResizeMode.Crop,
            spec.Fit == "contain" ? AnchorPositionMode.Center : Anchor(spec.Gravity),
            spec.Exact && spec.Fit == "contain" ? spec.Background ?? RenditionSpec.DefaultBackground : RenditionSpec.DefaultBackground);
    }

    /// <summary>The master resized to <paramref name="geometry"/>, with no metadata of the master's: the caller encodes and disposes it.</summary>
    public Image<Rgb24> Resize(RenditionGeometry geometry)
    {
        var options = new ResizeOptions
        {
            Size = new Size(geometry.Size.Width, geometry.Size.Height),
            Mode = geometry.Mode,
            Position = geometry.Position,
            PadColor = Color.ParseHex(geometry.Background),
            Sampler = KnownResamplers.Bicubic,
        };
        var resized = _master.Clone(x => x.Resize(options));
        resized.Metadata.ExifProfile = null;
        resized.Metadata.XmpProfile = null;
        resized.Metadata.IptcProfile = null;
        resized.Metadata.GetPngMetadata().TextData.Clear();
        return resized;
    }

    /// <summary>Encodes <paramref name="image"/> in the spec's format at <paramref name="quality"/> (ignored for PNG).</summary>
    /// <param name="xmp">An XMP packet for WebP (its only metadata ImageSharp 2.1 writes that can carry provenance); null for none.</param>
    public static byte[] Encode(Image<Rgb24> image, string format, int quality, byte[]? xmp)
    {
        ArgumentNullException.ThrowIfNull(image);
        IImageEncoder encoder = format switch
        {
            "jpeg" => new JpegEncoder { Quality = quality },
            "png" => new PngEncoder { ColorType = PngColorType.Rgb, CompressionLevel = PngCompressionLevel.DefaultCompression },
            // Level 2 of 0-6: the default (4) costs about twice the CPU for a few percent of bytes (see RenditionBenchmarks).
            "webp" => new WebpEncoder { FileFormat = WebpFileFormatType.Lossy, Quality = quality, Method = WebpEncodingMethod.Level2 },
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a rendition format"),
        };
        image.Metadata.XmpProfile = format == "webp" && xmp is not null ? new XmpProfile(xmp) : null;
        using var output = new MemoryStream();
        image.Save(output, encoder);
        return output.ToArray();
    }

    /// <summary>
    /// What <paramref name="bytes"/> decode to, every pixel decoded: the format (<c>jpeg</c>, <c>png</c>, <c>webp</c>) and
    /// size, or the decoder's complaint. Our own encoder's output needs no hostile-input walk, only proof it decodes.
    /// </summary>
    public static (string? Format, ImageSize? Size, string? Problem) Decode(byte[] bytes)
    {
        try
        {
            using var image = Image.Load<Rgb24>(Formats, bytes, out var format);
            var name = format == JpegFormat.Instance ? "jpeg" : format == PngFormat.Instance ? "png" : format == WebpFormat.Instance ? "webp" : format.Name;
            return (name, new ImageSize(image.Width, image.Height), null);
        }
        catch (ImageFormatException ex)
        {
            return (null, null, "does not decode: " + ex.Message);
        }
    }

    public void Dispose() => _master.Dispose();

    private static AnchorPositionMode Anchor(string gravity) => gravity switch
    {
        "top" => AnchorPositionMode.Top,
        "bottom" => AnchorPositionMode.Bottom,
        "left" => AnchorPositionMode.Left,
        "right" => AnchorPositionMode.Right,
        _ => AnchorPositionMode.Center,
    };
}
