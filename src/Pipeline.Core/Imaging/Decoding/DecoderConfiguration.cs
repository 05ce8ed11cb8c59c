using System.Collections.Concurrent;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;

namespace Pipeline.Imaging.Decoding;

/// <summary>
/// ImageSharp configurations for verification: only the formats providers return (JPEG, PNG, WebP), never
/// <c>Configuration.Default</c>, and an allocator that refuses any buffer over the limit. One per buffer limit, shared.
/// </summary>
internal static class DecoderConfiguration
{
    private static readonly ConcurrentDictionary<int, Configuration> ByLimit = new();

    public static Configuration For(int maxBufferMegabytes) => ByLimit.GetOrAdd(maxBufferMegabytes, Create);

    /// <summary>The decoder for a sniffed kind; null for kinds verification does not decode.</summary>
    public static IImageDecoder? Decoder(Configuration configuration, BodyKind kind)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        IImageFormat? format = kind switch
        {
            BodyKind.Jpeg => JpegFormat.Instance,
            BodyKind.Png => PngFormat.Instance,
            BodyKind.Webp => WebpFormat.Instance,
            _ => null,
        };
        return format is null ? null : configuration.ImageFormatsManager.FindDecoder(format);
    }

    private static Configuration Create(int maxBufferMegabytes) =>
        new(new JpegConfigurationModule(), new PngConfigurationModule(), new WebpConfigurationModule())
        {
            MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
            {
                AllocationLimitMegabytes = maxBufferMegabytes,
                MaximumPoolSizeMegabytes = 64,
            }),
        };
}
