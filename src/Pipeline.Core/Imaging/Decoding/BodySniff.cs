namespace Pipeline.Imaging.Decoding;

/// <summary>Names what a body is from its first bytes: an image's magic number, or the shape of an error page.</summary>
internal static class BodySniff
{
    public static BodyKind Kind(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return BodyKind.Empty;
        }

        if (bytes is [0xFF, 0xD8, 0xFF, ..])
        {
            return BodyKind.Jpeg;
        }

        if (bytes is [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..])
        {
            return BodyKind.Png;
        }

        if (bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return BodyKind.Webp;
        }

        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return BodyKind.Gif;
        }

        if (bytes.StartsWith("BM"u8) && bytes.Length >= 14)
        {
            return BodyKind.Bmp;
        }

        if (bytes.StartsWith("II*\0"u8) || bytes.StartsWith("MM\0*"u8))
        {
            return BodyKind.Tiff;
        }

        if (bytes.Length >= 12 && bytes[4..8].SequenceEqual("ftyp"u8) && bytes[8..12].SequenceEqual("avif"u8))
        {
            return BodyKind.Avif;
        }

        return TextKind(bytes);
    }

    private static BodyKind TextKind(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..Math.Min(bytes.Length, 1024)];
        if (head.StartsWith("\xEF\xBB\xBF"u8))
        {
            head = head[3..];
        }

        head = head.TrimStart(" \t\r\n"u8);
        var control = 0;
        foreach (var b in head)
        {
            if (b < 0x20 && b is not (byte)'\t' and not (byte)'\r' and not (byte)'\n' and not 0x0C)
            {
                control++;
            }
        }

        if (head.IsEmpty || control > 0)
        {
            return head.IsEmpty ? BodyKind.Text : BodyKind.Binary;
        }

        var text = System.Text.Encoding.UTF8.GetString(head[..Math.Min(head.Length, 256)]).ToLowerInvariant();
        if (text.StartsWith("<!doctype html", StringComparison.Ordinal) || text.StartsWith("<html", StringComparison.Ordinal)
            || text.Contains("<head", StringComparison.Ordinal) || text.Contains("<body", StringComparison.Ordinal))
        {
            return BodyKind.Html;
        }

        if (text.StartsWith("<?xml", StringComparison.Ordinal) || text.StartsWith('<'))
        {
            return BodyKind.Xml;
        }

        return text.StartsWith('{') || text.StartsWith('[') ? BodyKind.Json : BodyKind.Text;
    }
}
