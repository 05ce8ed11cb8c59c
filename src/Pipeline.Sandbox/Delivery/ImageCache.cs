using Pipeline.Sandbox.Faults;
using Pipeline.Sandbox.Imaging;

namespace Pipeline.Sandbox.Delivery;

/// <summary>
/// The last few encoded images, keyed by <see cref="ImageSpec.Key"/> and download fault, so repeated downloads do not
/// re-encode. Concurrent requests for the same image share one encode.
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

    public byte[] GetOrCreate(ImageSpec spec, DownloadFault fault = DownloadFault.None)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var key = fault == DownloadFault.None ? spec.Key : $"{spec.Key}\n{fault}";
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
                bytes = new Lazy<byte[]>(
                    () => fault == DownloadFault.None ? Encode(spec) : FaultySample.Create(fault, spec, () => GetOrCreate(spec)),
                    LazyThreadSafetyMode.ExecutionAndPublication);
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
        using var image = ImageSynthesizer.Render(spec);
        return SampleEncoder.Encode(image, spec.Format);
    }
}
