using System.Globalization;

namespace Pipeline.Imaging.Decoding;

/// <summary>Where a JPEG ends and whether its marker segments and every scan are sound.</summary>
/// <param name="Problem">Null when sound.</param>
/// <param name="EndOffset">The offset just after the EOI that follows the last scan; null when not reached.</param>
internal sealed record JpegWalkResult(string? Problem, long? EndOffset, int Scans);

/// <summary>
/// Walks a JPEG from SOI marker by marker (ITU T.81, annex B), reads the DHT, DRI and SOF segments it needs, and hands
/// each scan to <see cref="JpegScanWalker"/>; the image ends at the EOI after the last scan, and anything after it is
/// trailing data, not damage.
/// </summary>
internal static class JpegStructure
{
    public static JpegWalkResult Walk(ReadOnlySpan<byte> data, CancellationToken ct)
    {
        var dc = new JpegHuffmanTable?[4];
        var ac = new JpegHuffmanTable?[4];
        var dcQuantizers = new int[4];
        JpegFrame? frame = null;
        var restartInterval = 0;
        var scans = 0;
        var position = 2;
        while (true)
        {
            if (position >= data.Length)
            {
                return Fail(frame is null ? "truncated: header cut short" : scans == 0 ? "truncated: no image data (SOS)" : "truncated: no EOI after the last scan", scans);
            }

            if (data[position] != 0xFF)
            {
                return Fail(string.Create(CultureInfo.InvariantCulture, $"corrupt: no marker at byte {position}"), scans);
            }

            var start = position;
            while (position < data.Length && data[position] == 0xFF)
            {
                position++; // fill bytes may precede a marker (B.1.1.2)
            }

            if (position >= data.Length)
            {
                return Fail("truncated: file ends inside a marker", scans);
            }

            var marker = data[position++];
            switch (marker)
            {
                case 0xD9:
                    return scans == 0 ? Fail("corrupt: EOI before any image data", scans) : new JpegWalkResult(null, position, scans);
                case 0x01:
                    continue;
                case 0xD8 or (>= 0xD0 and <= 0xD7):
                    return Fail(string.Create(CultureInfo.InvariantCulture, $"corrupt: marker FF{marker:X2} out of place at byte {start}"), scans);
                default:
                    break;
            }

            if (position + 2 > data.Length)
            {
                return Fail("truncated: header cut short", scans);
            }

            var length = (data[position] << 8) | data[position + 1];
            if (length < 2 || position + length > data.Length)
            {
                return Fail(length < 2 ? string.Create(CultureInfo.InvariantCulture, $"corrupt: segment FF{marker:X2} at byte {start} has length {length}") : "truncated: header cut short", scans);
            }

            var payload = data.Slice(position + 2, length - 2);
            position += length;
            string? problem = null;
            switch (marker)
            {
                case 0xC4:
                    problem = ReadHuffmanTables(payload, dc, ac);
                    break;
                case 0xC0 or 0xC1 or 0xC2:
                    if (frame is not null)
                    {
                        return Fail("corrupt: a second frame header (SOF)", scans);
                    }

                    (frame, problem) = JpegFrame.Parse(payload, progressive: marker == 0xC2);
                    break;
                case 0xC3 or (>= 0xC5 and <= 0xC7) or (>= 0xC9 and <= 0xCB) or (>= 0xCD and <= 0xCF):
                    return Fail(string.Create(CultureInfo.InvariantCulture, $"unsupported: JPEG coding SOF{marker - 0xC0} (lossless, hierarchical or arithmetic)"), scans);
                case 0xDB:
                    problem = ReadDcQuantizers(payload, dcQuantizers);
                    break;
                case 0xDD:
                    restartInterval = payload.Length >= 2 ? (payload[0] << 8) | payload[1] : -1;
                    problem = restartInterval < 0 ? "corrupt: restart interval (DRI) too short" : null;
                    break;
                case 0xDA:
                    if (frame is null)
                    {
                        return Fail("corrupt: image data (SOS) before the frame header (SOF)", scans);
                    }

                    scans++;
                    var (scan, scanProblem) = ReadScanHeader(payload, frame, dc, ac, scans);
                    if (scan is null)
                    {
                        return Fail(scanProblem!, scans);
                    }

                    foreach (var component in scan.Components)
                    {
                        component.DcQuantizer = dcQuantizers[component.QuantTable];
                    }

                    try
                    {
                        position = JpegScanWalker.Walk(data, position, frame, scan, restartInterval, ct);
                    }
                    catch (JpegDamageException damage)
                    {
                        return Fail(damage.Message, scans);
                    }

                    break;
                default:
                    break; // APPn, COM, DQT, DNL and the rest carry nothing the walk needs
            }

            if (problem is not null)
            {
                return Fail(problem, scans);
            }
        }
    }

    private static JpegWalkResult Fail(string problem, int scans) => new(problem, null, scans);

    private static string? ReadDcQuantizers(ReadOnlySpan<byte> payload, int[] dcQuantizers)
    {
        while (!payload.IsEmpty)
        {
            int precision = payload[0] >> 4, id = payload[0] & 15;
            var size = precision == 0 ? 64 : 128;
            if (precision > 1 || id > 3 || payload.Length < 1 + size)
            {
                return "corrupt: quantization table (DQT) malformed";
            }

            dcQuantizers[id] = precision == 0 ? payload[1] : (payload[1] << 8) | payload[2];
            payload = payload[(1 + size)..];
        }

        return null;
    }

    private static string? ReadHuffmanTables(ReadOnlySpan<byte> payload, JpegHuffmanTable?[] dc, JpegHuffmanTable?[] ac)
    {
        while (!payload.IsEmpty)
        {
            if (payload.Length < 17)
            {
                return "corrupt: Huffman table (DHT) cut short";
            }

            int kind = payload[0] >> 4, id = payload[0] & 15;
            var counts = payload.Slice(1, 16);
            var total = 0;
            foreach (var count in counts)
            {
                total += count;
            }

            if (kind > 1 || id > 3 || total > 256 || payload.Length < 17 + total)
            {
                return "corrupt: Huffman table (DHT) malformed";
            }

            var table = JpegHuffmanTable.Build(counts, payload.Slice(17, total));
            if (table is null)
            {
                return "corrupt: Huffman table (DHT) has more codes than its lengths allow";
            }

            (kind == 0 ? dc : ac)[id] = table;
            payload = payload[(17 + total)..];
        }

        return null;
    }

    private static (JpegScan? Scan, string? Problem) ReadScanHeader(
        ReadOnlySpan<byte> payload, JpegFrame frame, JpegHuffmanTable?[] dc, JpegHuffmanTable?[] ac, int number)
    {
        var inv = CultureInfo.InvariantCulture;
        int count = payload.IsEmpty ? 0 : payload[0];
        if (count is < 1 or > 4 || payload.Length < 1 + (2 * count) + 3)
        {
            return (null, string.Create(inv, $"corrupt: scan header {number} (SOS) malformed"));
        }

        var bands = payload.Slice(1 + (2 * count), 3);
        int ss = bands[0], se = bands[1], ah = bands[2] >> 4, al = bands[2] & 15;
        if (frame.Progressive && (se > 63 || ss > se || (ss == 0 && se != 0) || (ss > 0 && count != 1) || ah > 13 || al > 13))
        {
            return (null, string.Create(inv, $"corrupt: progressive scan {number} band {ss}–{se}, bits {ah}/{al}"));
        }

        var components = new JpegComponent[count];
        var dcTables = new JpegHuffmanTable?[count];
        var acTables = new JpegHuffmanTable?[count];
        for (var i = 0; i < count; i++)
        {
            var id = payload[1 + (2 * i)];
            var tables = payload[2 + (2 * i)];
            var component = frame.Components.FirstOrDefault(c => c.Id == id);
            if (component is null)
            {
                return (null, string.Create(inv, $"corrupt: scan {number} names component {id}, not in the frame"));
            }

            components[i] = component;
            var needsDc = !frame.Progressive || (ss == 0 && ah == 0);
            var needsAc = !frame.Progressive || ss > 0;
            dcTables[i] = needsDc ? dc[(tables >> 4) & 3] : null;
            acTables[i] = needsAc ? ac[tables & 3] : null;
            if ((needsDc && dcTables[i] is null) || (needsAc && acTables[i] is null))
            {
                return (null, string.Create(inv, $"corrupt: scan {number} uses a Huffman table that was never defined"));
            }
        }

        return (new JpegScan(number, components, dcTables, acTables, ss, se, ah, al), null);
    }
}
