using Pipeline.Sandbox.Imaging;

namespace Pipeline.Sandbox.Delivery;

/// <summary>
/// The last few encoded images, keyed by <see cref="ImageSpec.Key"/>, so repeated downloads do not re-encode.
/// Concurrent requests for the same image share one encode.
/// </summary>
internal sealed class ImageCache(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, Lazy<byte[]> Bytes)>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, Lazy<byte[]> Bytes)> _recency = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public byte[] GetOrCreate(ImageSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var key = spec.Key;
        Lazy<byte[]> bytes;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                bytes = node.Value.Bytes;
            }
            else
            {
                bytes = new Lazy<byte[]>(() => Encode(spec), LazyThreadSafetyMode.ExecutionAndPublication);
                _entries[key] = _recency.AddFirst((key, bytes));
                if (_entries.Count > capacity)
                {
                    _entries.Remove(_recency.Last!.Value.Key);
                    _recency.RemoveLast();
                }
            }
        }

        return bytes.Value;
    }

    public static byte[] Encode(ImageSpec spec)
    {
        var image = ImageSynthesizer.Render(spec);
        return spec.Format == ImageFormat.Png ? PngEncoder.Encode(image) : JpegEncoder.Encode(image);
    }
}
