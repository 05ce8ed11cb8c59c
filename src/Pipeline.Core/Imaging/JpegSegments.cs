using System.Buffers.Binary;

namespace Pipeline.Imaging;

/// <summary>One marker segment of a JPEG header.</summary>
/// <param name="Offset">Where its <c>FF</c> marker byte is.</param>
/// <param name="Length">The segment's length field: itself (2 bytes) plus the payload.</param>
internal readonly record struct JpegSegment(byte Marker, long Offset, int Length)
{
    public const byte Com = 0xFE;
    public const byte Sos = 0xDA;

    public long End => Offset + 2 + Length;

    public long PayloadOffset => Offset + 4;

    public int PayloadLength => Length - 2;

    public bool IsApp => Marker is >= 0xE0 and <= 0xEF;

    /// <summary>SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).</summary>
    public bool IsFrameHeader => Marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
}

/// <summary>The header segments of a JPEG file up to and including SOS, and what is wrong with them.</summary>
internal sealed record JpegLayout(IReadOnlyList<JpegSegment> Segments, IReadOnlyList<string> Damage);

/// <summary>Walks the marker segments of a JPEG header (ITU T.81, annex B) from SOI to the first SOS.</summary>
internal static class JpegSegments
{
    public static JpegLayout Scan(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var segments = new List<JpegSegment>();
        var damage = new List<string>();
        Span<byte> word = stackalloc byte[2];
        stream.Position = 2; // after SOI
        while (true)
        {
            var offset = stream.Position;
            var b = stream.ReadByte();
            if (b < 0)
            {
                damage.Add("truncated: header cut short");
                break;
            }

            if (b != 0xFF)
            {
                damage.Add($"corrupt header: no marker at byte {offset}");
                break;
            }

            var marker = stream.ReadByte();
            while (marker == 0xFF)
            {
                marker = stream.ReadByte(); // fill bytes before a marker are allowed (B.1.1.2)
            }

            if (marker is (>= 0xD0 and <= 0xD7) or 0x01)
            {
                continue; // RSTn and TEM stand alone
            }

            if (marker is < 0 or 0xD8 or 0xD9 || stream.ReadAtLeast(word, 2, throwOnEndOfStream: false) < 2)
            {
                damage.Add(marker == 0xD9 ? "corrupt header: EOI before the image data" : "truncated: header cut short");
                break;
            }

            var segment = new JpegSegment((byte)marker, offset, BinaryPrimitives.ReadUInt16BigEndian(word));
            if (segment.Length < 2 || segment.End > stream.Length)
            {
                damage.Add(segment.Length < 2 ? $"corrupt header: segment at byte {offset} has length {segment.Length}" : "truncated: header cut short");
                break;
            }

            segments.Add(segment);
            stream.Position = segment.End;
            if (segment.Marker == JpegSegment.Sos)
            {
                break;
            }
        }

        if (damage.Count == 0 && !segments.Any(s => s.IsFrameHeader))
        {
            damage.Add("corrupt header: no frame header (SOF)");
        }

        return new JpegLayout(segments, damage);
    }
}
