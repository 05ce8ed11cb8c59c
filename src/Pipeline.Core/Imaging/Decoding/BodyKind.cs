namespace Pipeline.Imaging.Decoding;

/// <summary>What a response body is, judged from its own bytes.</summary>
public enum BodyKind
{
    Empty,
    Jpeg,
    Png,
    Webp,
    Gif,
    Bmp,
    Tiff,
    Avif,
    Html,
    Xml,
    Json,
    Text,
    Binary,
}

/// <summary>Names of <see cref="BodyKind"/> as they appear in reasons and the verification column.</summary>
public static class BodyKinds
{
    /// <summary>The display name: <c>JPEG</c>, <c>PNG</c>, <c>HTML</c>, <c>unrecognised binary</c>, ...</summary>
    public static string Name(this BodyKind kind) => kind switch
    {
        BodyKind.Empty => "empty",
        BodyKind.Jpeg => "JPEG",
        BodyKind.Png => "PNG",
        BodyKind.Webp => "WebP",
        BodyKind.Gif => "GIF",
        BodyKind.Bmp => "BMP",
        BodyKind.Tiff => "TIFF",
        BodyKind.Avif => "AVIF",
        BodyKind.Html => "HTML",
        BodyKind.Xml => "XML",
        BodyKind.Json => "JSON",
        BodyKind.Text => "text",
        _ => "unrecognised binary",
    };

    /// <summary>The kind an <c>image/*</c> content type names, or null for any other type.</summary>
    public static BodyKind? FromContentType(string? contentType)
    {
        var mediaType = contentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "image/jpeg" or "image/jpg" or "image/pjpeg" => BodyKind.Jpeg,
            "image/png" or "image/x-png" => BodyKind.Png,
            "image/webp" => BodyKind.Webp,
            "image/gif" => BodyKind.Gif,
            "image/bmp" => BodyKind.Bmp,
            "image/tiff" => BodyKind.Tiff,
            "image/avif" => BodyKind.Avif,
            _ => null,
        };
    }
}
