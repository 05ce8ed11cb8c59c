using System.Buffers;
using System.Runtime.InteropServices;

namespace Pipeline.Execution;

/// <summary>
/// The bytes of one image in a buffer rented from <see cref="ArrayPool{T}.Shared"/> (or wrapping bytes the provider
/// sent inline), so a long campaign reuses the same few buffers instead of allocating one per image.
/// </summary>
public sealed class ImageBytes : IDisposable
{
    private byte[] _buffer;
    private readonly bool _pooled;

    private ImageBytes(byte[] buffer, int length, bool pooled)
    {
        _buffer = buffer;
        Length = length;
        _pooled = pooled;
    }

    /// <summary>Bytes held so far.</summary>
    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>The bytes held, for readers that keep a reference while they work (the decoding verifier).</summary>
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <summary>Room after the bytes held, to read into before <see cref="Advance"/>.</summary>
    internal Memory<byte> Free => _buffer.AsMemory(Length);

    /// <summary>An empty buffer with room for at least <paramref name="capacity"/> bytes.</summary>
    internal static ImageBytes Rent(int capacity) => new(ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1)), 0, pooled: true);

    /// <summary>Bytes that already exist (an inline image): no copy when they are a whole array segment.</summary>
    internal static ImageBytes Wrap(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Array is { } array
            ? new ImageBytes(array, segment.Count, pooled: false)
            : new ImageBytes(bytes.ToArray(), bytes.Length, pooled: false);

    /// <summary>A read-only stream over the bytes, for readers that take a stream.</summary>
    public MemoryStream OpenRead() => new(_buffer, 0, Length, writable: false, publiclyVisible: false);

    internal void Advance(int count) => Length += count;

    /// <summary>Doubles the room, up to <paramref name="limit"/> bytes in all.</summary>
    internal void Grow(int limit)
    {
        var next = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, limit));
        Span.CopyTo(next);
        Release();
        _buffer = next;
    }

    public void Dispose()
    {
        Release();
        _buffer = [];
        Length = 0;
    }

    private void Release()
    {
        if (_pooled && _buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }
}
