using System.Buffers.Binary;
using System.Text;
using Pipeline.Imaging;

namespace Pipeline.Records;

/// <summary>
/// Provenance in a JPEG: <c>COM</c> segments whose payload starts with <c>pipeline:provenance</c> and a NUL, then
/// UTF-8 JSON (split over several segments past 64 KB), placed after the APPn segments that follow SOI (JFIF and
/// Exif must come first). The scan is not touched: removing the segments restores the provider's bytes exactly.
/// </summary>
internal static class JpegProvenance
{
    /// <summary>A segment's payload is at most 65,533 bytes (the length field counts itself).</summary>
    private const int MaxPayload = ushort.MaxValue - 2;

    private static readonly byte[] Prefix = Encoding.ASCII.GetBytes(Provenance.Key + "\0");

    public static ProvenanceLayout Locate(Stream stream)
    {
        var layout = JpegSegments.Scan(stream);
        var segments = layout.Segments;
        var records = new List<ByteRange>();
        using var payload = new MemoryStream();
        foreach (var segment in segments.Where(s => s.Marker == JpegSegment.Com && s.PayloadLength >= Prefix.Length))
        {
            var bytes = new byte[segment.PayloadLength];
            stream.Position = segment.PayloadOffset;
            stream.ReadExactly(bytes);
            if (bytes.AsSpan().StartsWith(Prefix))
            {
                records.Add(new ByteRange(segment.Offset, segment.End));
                payload.Write(bytes.AsSpan(Prefix.Length));
            }
        }

        var insertAt = segments.TakeWhile(s => s.IsApp).Select(s => s.End).DefaultIfEmpty(2).Last();
        return new ProvenanceLayout(insertAt, records, records.Count > 0 ? payload.ToArray() : null, layout.Damage);
    }

    /// <summary>The COM segments, markers and lengths included.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> json)
    {
        var piece = MaxPayload - Prefix.Length;
        using var output = new MemoryStream();
        Span<byte> header = stackalloc byte[4];
        for (var offset = 0; offset < json.Length || offset == 0; offset += piece)
        {
            var part = json.Slice(offset, Math.Min(piece, json.Length - offset));
            header[0] = 0xFF;
            header[1] = JpegSegment.Com;
            BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(2 + Prefix.Length + part.Length));
            output.Write(header);
            output.Write(Prefix);
            output.Write(part);
        }

        return output.ToArray();
    }
}
