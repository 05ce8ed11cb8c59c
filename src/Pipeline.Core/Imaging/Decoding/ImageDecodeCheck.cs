using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Pipeline.Imaging.Decoding;

/// <summary>
/// Verifies an image body by decoding it: what the bytes really are, the header within <see cref="DecodeLimits"/>,
/// a strict structural walk (every JPEG scan Huffman-decoded, PNG chunks and the inflated IDAT rows), where the
/// image ends, a full ImageSharp decode, EXIF orientation and how uniform the pixels are.
/// </summary>
internal static class ImageDecodeCheck
{
    /// <summary>
    /// Checks <paramref name="bytes"/>. Never throws for a bad body: every failure is a verdict whose problem names
    /// it (<c>empty body</c>, <c>format: declared image/jpeg, bytes are HTML</c>, <c>too large: …</c>,
    /// <c>truncated scan: …</c>, <c>corrupt: …</c>, <c>timeout: …</c>). Blank images are ok and reported in
    /// <see cref="DecodeVerdict.Blank"/>; the caller's policy decides.
    /// </summary>
    /// <param name="declaredContentType">The response's Content-Type, if any; only <c>image/*</c> types are compared.</param>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled (a timeout is a verdict instead).</exception>
    public static DecodeVerdict Check(ReadOnlyMemory<byte> bytes, string? declaredContentType, DecodeLimits limits, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var kind = BodySniff.Kind(bytes.Span);
        if (kind == BodyKind.Empty)
        {
            return DecodeVerdict.Fail("empty body", kind);
        }

        var declared = BodyKinds.FromContentType(declaredContentType);
        var declaredName = declaredContentType?.Split(';', 2)[0].Trim();
        if (kind is not (BodyKind.Jpeg or BodyKind.Png or BodyKind.Webp))
        {
            return DecodeVerdict.Fail(
                declaredName is { Length: > 0 } ? $"format: declared {declaredName}, bytes are {kind.Name()}" : $"format: bytes are {kind.Name()}, not JPEG, PNG or WebP",
                kind);
        }

        if (declared is { } named && named != kind && limits.RequireDeclaredFormat)
        {
            return DecodeVerdict.Fail($"format: declared {declaredName}, bytes are {kind.Name()}", kind);
        }

        using var timeout = new CancellationTokenSource(limits.Timeout, limits.Clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            return Decode(bytes, kind, limits, linked.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return DecodeVerdict.Fail(string.Create(CultureInfo.InvariantCulture, $"timeout: decode took over {limits.Timeout.TotalSeconds:0.#} s"), kind);
        }
        catch (Exception e) when (e is InvalidMemoryOperationException || e.InnerException is InvalidMemoryOperationException)
        {
            return DecodeVerdict.Fail(string.Create(CultureInfo.InvariantCulture, $"too large: decoding needs a buffer over {limits.MaxBufferMegabytes} MB"), kind);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidDataException or IndexOutOfRangeException or ArgumentException)
        {
            // ImageSharp reports damage it meets as these; an index or argument failure inside a decoder is damage too.
            return DecodeVerdict.Fail($"corrupt: {e.Message}", kind);
        }
    }

    private static DecodeVerdict Decode(ReadOnlyMemory<byte> bytes, BodyKind kind, DecodeLimits limits, CancellationToken ct)
    {
        var configuration = DecoderConfiguration.For(limits.MaxBufferMegabytes);
        var decoder = DecoderConfiguration.Decoder(configuration, kind)!;
        var array = MemoryMarshal.TryGetArray(bytes, out var segment) ? segment : new ArraySegment<byte>(bytes.ToArray());
        IImageInfo info;
        using (var header = new MemoryStream(array.Array!, array.Offset, array.Count, writable: false))
        {
            info = ((IImageInfoDetector)decoder).Identify(configuration, header, ct)
                ?? throw new InvalidImageContentException("header unreadable");
        }

        var (width, height) = (info.Width, info.Height);
        var orientation = Orientation(info);
        var pixels = (long)width * height;
        if (pixels > limits.MaxPixels)
        {
            return DecodeVerdict.Fail(
                string.Create(CultureInfo.InvariantCulture, $"too large: {width}×{height} ({pixels / 1_000_000.0:0.#} MP, limit {limits.MaxPixels / 1_000_000.0:0.#} MP)"),
                kind, width, height, orientation);
        }

        var (problem, end) = Structure(bytes.Span, kind, ct);
        if (problem is not null)
        {
            return DecodeVerdict.Fail(problem, kind, width, height, orientation);
        }

        using var body = new MemoryStream(array.Array!, array.Offset, (int)end!.Value, writable: false);
        // JPEG has no alpha: decoding straight to Rgb24 moves a quarter fewer bytes through the colour conversion.
        BlankAnalysis blank;
        if (kind == BodyKind.Jpeg)
        {
            using var rgb = decoder.Decode<Rgb24>(configuration, body, ct);
            blank = BlankDetector.Analyse(rgb, ct);
        }
        else
        {
            using var rgba = decoder.Decode<Rgba32>(configuration, body, ct);
            blank = BlankDetector.Analyse(rgba, ct);
        }

        return new DecodeVerdict(true, null, kind, width, height, orientation, end, bytes.Length - end.Value, blank);
    }

    private static (string? Problem, long? End) Structure(ReadOnlySpan<byte> bytes, BodyKind kind, CancellationToken ct)
    {
        switch (kind)
        {
            case BodyKind.Jpeg:
                var jpeg = JpegStructure.Walk(bytes, ct);
                return (jpeg.Problem, jpeg.EndOffset);
            case BodyKind.Png:
                var png = PngStructure.Walk(bytes, ct);
                return (png.Problem, png.EndOffset);
            default:
                // RIFF: the chunk size after "RIFF" covers the rest, padded to an even length.
                var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
                var end = 8 + (long)size + (size & 1);
                return end > bytes.Length
                    ? (string.Create(CultureInfo.InvariantCulture, $"truncated: WebP RIFF promises {end} bytes, body has {bytes.Length}"), null)
                    : (null, end);
        }
    }

    private static int Orientation(IImageInfo info)
    {
        var value = info.Metadata.ExifProfile?.GetValue(ExifTag.Orientation)?.Value ?? 1;
        return value is >= 1 and <= 8 ? value : 1;
    }
}
