using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;

namespace Pipeline.Sandbox.Imaging;

/// <summary>
/// The smallest honest PNG writer: 8-bit truecolour (colour type 2), no interlace, every row with filter
/// type 1 (Sub), one zlib stream at the fastest level split into IDAT chunks, CRC-32 on every chunk.
/// </summary>
internal static class PngEncoder
{
    private const int IdatChunkSize = 256 * 1024;

    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Encode(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var compressed = Compress(image);
        using var output = new MemoryStream(compressed.Length + 128);
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], image.Height);
        header[8] = 8;  // bit depth
        header[9] = 2;  // colour type: truecolour
        header[10] = 0; // compression: deflate
        header[11] = 0; // filter method 0
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR"u8, header);

        for (var offset = 0; offset < compressed.Length; offset += IdatChunkSize)
        {
            var length = Math.Min(IdatChunkSize, compressed.Length - offset);
            WriteChunk(output, "IDAT"u8, compressed.AsSpan(offset, length));
        }

        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static byte[] Compress(RgbImage image)
    {
        var stride = image.Stride;
        var pixels = image.Pixels;
        var row = new byte[stride + 1];
        row[0] = 1; // filter type Sub: each byte minus the byte of the pixel to its left
        using var buffer = new MemoryStream(image.Height * stride / 8);
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (var y = 0; y < image.Height; y++)
            {
                var source = pixels.AsSpan(y * stride, stride);
                source[..3].CopyTo(row.AsSpan(1));
                for (var i = 3; i < stride; i++)
                {
                    row[i + 1] = (byte)(source[i] - source[i - 3]);
                }

                zlib.Write(row);
            }
        }

        return buffer.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        var crc = Crc32.Finish(Crc32.Update(Crc32.Update(0xFFFFFFFFu, type), data));
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }
}
