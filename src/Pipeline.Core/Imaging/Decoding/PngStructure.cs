using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace Pipeline.Imaging.Decoding;

/// <summary>Where a PNG ends and whether its chunks and compressed image data are sound.</summary>
internal sealed record PngWalkResult(string? Problem, long? EndOffset);

/// <summary>
/// Walks the chunks of a PNG to IEND checking each CRC, then inflates the IDAT stream (zlib: deflate and its Adler-32)
/// and checks it holds exactly the filtered rows IHDR promises, plain or Adam7, each starting with a known filter type.
/// A damaged deflate stream whose chunk CRCs were recomputed passes every chunk check and fails here.
/// </summary>
internal static class PngStructure
{
    private static readonly (int X, int Y, int Dx, int Dy)[] Adam7 =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    public static PngWalkResult Walk(ReadOnlySpan<byte> data, CancellationToken ct)
    {
        var inv = CultureInfo.InvariantCulture;
        var position = 8;
        var idat = new List<(int Offset, int Length)>();
        (int Width, int Height, int Depth, int Colour, int Interlace)? header = null;
        while (true)
        {
            if (position + 12 > data.Length)
            {
                return new(position == data.Length ? "truncated: no IEND chunk" : string.Create(inv, $"truncated: chunk at byte {position} cut short"), null);
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
            var type = data.Slice(position + 4, 4);
            var name = System.Text.Encoding.ASCII.GetString(type);
            if (length > int.MaxValue || position + 12 + (long)length > data.Length)
            {
                return new(string.Create(inv, $"truncated: {name} chunk at byte {position} cut short"), null);
            }

            var body = data.Slice(position + 8, (int)length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(data[(position + 8 + (int)length)..]);
            if (PngCrc.Compute(data.Slice(position + 4, 4 + (int)length)) != crc)
            {
                return new(string.Create(inv, $"corrupt: {name} chunk at byte {position} fails its CRC"), null);
            }

            if (header is null && name != "IHDR")
            {
                return new("corrupt: first chunk is not IHDR", null);
            }

            switch (name)
            {
                case "IHDR" when body.Length == 13:
                    header = ((int)BinaryPrimitives.ReadUInt32BigEndian(body), (int)BinaryPrimitives.ReadUInt32BigEndian(body[4..]), body[8], body[9], body[12]);
                    break;
                case "IHDR":
                    return new("corrupt: IHDR chunk is not 13 bytes", null);
                case "IDAT":
                    idat.Add((position + 8, (int)length));
                    break;
                case "IEND":
                    var end = position + 12;
                    return new(idat.Count == 0 ? "corrupt: no IDAT chunk" : CheckImageData(data, idat, header!.Value, ct), end);
                default:
                    break;
            }

            position += 12 + (int)length;
        }
    }

    private static string? CheckImageData(
        ReadOnlySpan<byte> data, List<(int Offset, int Length)> idat, (int Width, int Height, int Depth, int Colour, int Interlace) header, CancellationToken ct)
    {
        var channels = header.Colour switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 0 };
        if (channels == 0 || header.Depth is not (1 or 2 or 4 or 8 or 16) || header.Width <= 0 || header.Height <= 0 || header.Interlace > 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"corrupt: IHDR colour type {header.Colour}, depth {header.Depth}, interlace {header.Interlace}");
        }

        var bitsPerPixel = (long)channels * header.Depth;
        var rows = new List<(long Stride, int Count)>();
        foreach (var pass in header.Interlace == 1 ? Adam7 : [(0, 0, 1, 1)])
        {
            long width = (header.Width - pass.X + pass.Dx - 1) / pass.Dx;
            var height = (header.Height - pass.Y + pass.Dy - 1) / pass.Dy;
            if (width > 0 && height > 0)
            {
                rows.Add((1 + ((width * bitsPerPixel) + 7) / 8, height));
            }
        }

        var total = idat.Sum(c => (long)c.Length);
        var compressed = ArrayPool<byte>.Shared.Rent((int)total);
        var scratch = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var filled = 0;
            foreach (var (offset, length) in idat)
            {
                data.Slice(offset, length).CopyTo(compressed.AsSpan(filled));
                filled += length;
            }

            using var zlib = new ZLibStream(new MemoryStream(compressed, 0, filled), CompressionMode.Decompress);
            return CheckRows(zlib, rows, scratch, ct);
        }
        catch (InvalidDataException e)
        {
            return $"corrupt: image data (IDAT zlib stream) damaged: {e.Message}";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static string? CheckRows(Stream inflated, List<(long Stride, int Count)> rows, byte[] scratch, CancellationToken ct)
    {
        var expected = rows.Sum(r => r.Stride * r.Count);
        long produced = 0; // offset in the inflated stream of scratch[0]
        long nextFilter = 0; // offset of the next row's filter-type byte
        var pass = 0;
        var rowInPass = 0;
        int read;
        while ((read = inflated.Read(scratch)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            while (pass < rows.Count && nextFilter < produced + read)
            {
                var filter = scratch[nextFilter - produced];
                if (filter > 4)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"corrupt: image data row at byte {nextFilter} has filter type {filter}");
                }

                nextFilter += rows[pass].Stride;
                if (++rowInPass == rows[pass].Count)
                {
                    rowInPass = 0;
                    pass++;
                }
            }

            produced += read;
            if (produced > expected)
            {
                return string.Create(CultureInfo.InvariantCulture, $"corrupt: image data runs past the {expected} bytes IHDR promises");
            }
        }

        return produced == expected ? null
            : string.Create(CultureInfo.InvariantCulture, $"truncated: image data ends after {produced} of {expected} bytes");
    }
}
