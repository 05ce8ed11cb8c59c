using System.Buffers;
using System.Security.Cryptography;

namespace Pipeline.Imaging;

/// <summary>A byte range of a file: <c>[Offset, End)</c>.</summary>
internal readonly record struct ByteRange(long Offset, long End);

/// <summary>Copies a file while leaving some byte ranges out and putting new bytes in at one offset, hashing what it writes.</summary>
internal static class ImageSplice
{
    /// <summary>
    /// Writes <paramref name="source"/> to <paramref name="target"/> without <paramref name="remove"/> (sorted, disjoint)
    /// and with <paramref name="insert"/> placed before the source byte at <paramref name="insertAt"/>.
    /// </summary>
    /// <returns>SHA-256 of what was written, lowercase hex.</returns>
    public static string Copy(Stream source, Stream? target, IReadOnlyList<ByteRange> remove, long insertAt, ReadOnlySpan<byte> insert)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            var position = 0L;
            var inserted = insert.IsEmpty;
            foreach (var range in remove.Append(new ByteRange(source.Length, source.Length)))
            {
                if (!inserted && insertAt <= range.Offset)
                {
                    Pump(source, target, hash, buffer, position, insertAt);
                    Write(target, hash, insert);
                    inserted = true;
                    position = insertAt;
                }

                Pump(source, target, hash, buffer, position, range.Offset);
                position = range.End;
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Pump(Stream source, Stream? target, IncrementalHash hash, byte[] buffer, long from, long to)
    {
        source.Position = from;
        for (var remaining = to - from; remaining > 0;)
        {
            var n = source.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (n == 0)
            {
                throw new EndOfStreamException("The file changed while it was being copied.");
            }

            Write(target, hash, buffer.AsSpan(0, n));
            remaining -= n;
        }
    }

    private static void Write(Stream? target, IncrementalHash hash, ReadOnlySpan<byte> bytes)
    {
        hash.AppendData(bytes);
        target?.Write(bytes);
    }
}
