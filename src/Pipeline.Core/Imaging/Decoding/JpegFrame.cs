namespace Pipeline.Imaging.Decoding;

/// <summary>A JPEG frame header (SOF0, SOF1 or SOF2) and the MCU grid it implies.</summary>
internal sealed class JpegFrame
{
    private JpegFrame(int precision, int width, int height, bool progressive, JpegComponent[] components)
    {
        Precision = precision;
        Width = width;
        Height = height;
        Progressive = progressive;
        Components = components;
        MaxHorizontal = components.Max(c => c.Horizontal);
        MaxVertical = components.Max(c => c.Vertical);
        McusWide = (width + 8 * MaxHorizontal - 1) / (8 * MaxHorizontal);
        McusHigh = (height + 8 * MaxVertical - 1) / (8 * MaxVertical);
    }

    public int Precision { get; }

    public int Width { get; }

    public int Height { get; }

    public bool Progressive { get; }

    public IReadOnlyList<JpegComponent> Components { get; }

    public int MaxHorizontal { get; }

    public int MaxVertical { get; }

    public int McusWide { get; }

    public int McusHigh { get; }

    /// <summary>Parses an SOF payload; a reason when it is malformed.</summary>
    public static (JpegFrame? Frame, string? Problem) Parse(ReadOnlySpan<byte> payload, bool progressive)
    {
        if (payload.Length < 6)
        {
            return (null, "corrupt: frame header (SOF) too short");
        }

        int precision = payload[0];
        var height = (payload[1] << 8) | payload[2];
        var width = (payload[3] << 8) | payload[4];
        int count = payload[5];
        if (precision is not (8 or 12) || width == 0 || count is not (1 or 3 or 4) || payload.Length < 6 + 3 * count)
        {
            return (null, $"corrupt: frame header (SOF) precision {precision}, {count} components, width {width}");
        }

        if (height == 0)
        {
            return (null, "unsupported: JPEG height given by a DNL marker");
        }

        var components = new JpegComponent[count];
        for (var i = 0; i < count; i++)
        {
            var c = payload.Slice(6 + 3 * i, 3);
            int h = c[1] >> 4, v = c[1] & 15;
            if (h is < 1 or > 4 || v is < 1 or > 4)
            {
                return (null, $"corrupt: frame header (SOF) sampling {h}×{v}");
            }

            components[i] = new JpegComponent(c[0], h, v, c[2] & 3);
        }

        var frame = new JpegFrame(precision, width, height, progressive, components);
        foreach (var component in components)
        {
            component.Layout(frame, progressive);
        }

        return (frame, null);
    }
}
