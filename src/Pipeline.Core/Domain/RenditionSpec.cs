using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Pipeline.Domain;

/// <summary>
/// One channel output derived from every verified master (a <c>renditions:</c> entry of the manifest), with every
/// default applied. Either <see cref="Width"/> and <see cref="Height"/> are both set (exact output pixels), or exactly
/// one of them is (the master's ratio is kept).
/// </summary>
/// <param name="Name">A slug <c>[a-z0-9-]+</c>, unique in the manifest; names the folder <c>renditions/&lt;name&gt;/</c>.</param>
/// <param name="Fit"><c>cover</c> (scale and crop to fill; the default) or <c>contain</c> (fit inside, pad with <see cref="Background"/>).</param>
/// <param name="Gravity">What <c>cover</c> keeps: <c>center</c> (default), <c>top</c>, <c>bottom</c>, <c>left</c> or <c>right</c>.</param>
/// <param name="Background"><c>#rrggbb</c> padding of <c>contain</c>; null for <c>cover</c> (white when <c>contain</c> names none).</param>
/// <param name="Format"><c>jpeg</c>, <c>png</c> or <c>webp</c>.</param>
/// <param name="Quality">1–100 for JPEG and WebP (default <see cref="DefaultQuality"/>); null for PNG.</param>
/// <param name="MaxBytes">When set, the quality is lowered step by step until the file fits, else the rendition fails verification.</param>
public sealed record RenditionSpec(
    string Name,
    int? Width,
    int? Height,
    string Fit,
    string Gravity,
    string? Background,
    string Format,
    int? Quality,
    long? MaxBytes)
{
    public const int MinSide = 16;
    public const int MaxSide = 8192;
    public const int DefaultQuality = 85;
    public const string DefaultBackground = "#ffffff";

    public static IReadOnlyList<string> Fits { get; } = ["cover", "contain"];

    public static IReadOnlyList<string> Gravities { get; } = ["center", "top", "bottom", "left", "right"];

    public static IReadOnlyList<string> Formats { get; } = ["jpeg", "png", "webp"];

    /// <summary>The file extension: <c>jpg</c>, <c>png</c> or <c>webp</c>.</summary>
    public string Extension => Format == "jpeg" ? "jpg" : Format;

    /// <summary>Both sides are given: the output has exactly these pixels, cropped or padded.</summary>
    public bool Exact => Width is not null && Height is not null;

    /// <summary>The output size for a master of <paramref name="master"/> pixels (a kept ratio rounds to the nearest pixel, at least 1).</summary>
    public ImageSize SizeFor(ImageSize master) => (Width, Height) switch
    {
        ({ } w, { } h) => new ImageSize(w, h),
        ({ } w, null) => new ImageSize(w, Math.Max(1, (int)Math.Round((double)w * master.Height / master.Width, MidpointRounding.AwayFromZero))),
        (null, { } h) => new ImageSize(Math.Max(1, (int)Math.Round((double)h * master.Width / master.Height, MidpointRounding.AwayFromZero)), h),
        _ => master,
    };

    /// <summary>
    /// The spec as compact JSON with every key in a fixed order and every default written out: what the content
    /// address hashes, so two spellings of the same spec (a default left out or written) derive the same file.
    /// </summary>
    public string CanonicalJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("name", Name);
            WriteNumber(json, "width", Width);
            WriteNumber(json, "height", Height);
            json.WriteString("fit", Fit);
            json.WriteString("gravity", Gravity);
            json.WriteString("background", Background);
            json.WriteString("format", Format);
            WriteNumber(json, "quality", Quality);
            WriteNumber(json, "max_bytes", MaxBytes);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The content address of this rendition of the master whose file hashes to <paramref name="masterSha256"/>:
    /// SHA-256 of the canonical JSON, a line feed and the master's hash, lowercase hex (docs/architecture.md#40-renditions).
    /// </summary>
    public string KeyFor(string masterSha256)
    {
        ArgumentNullException.ThrowIfNull(masterSha256);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson() + "\n" + masterSha256.ToLowerInvariant())));
    }

    /// <summary>How the spec reads in a table: <c>1080x1350 cover center jpeg q85 ≤400000 B</c>.</summary>
    public string Describe()
    {
        var size = Exact ? $"{Width}x{Height} {Fit}{(Fit == "cover" ? " " + Gravity : " " + Background)}" : Width is { } w ? $"width {w}" : $"height {Height}";
        var quality = Quality is { } q ? $" q{q}" : string.Empty;
        var max = MaxBytes is { } m ? $" max {m} B" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{size} {Format}{quality}{max}");
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
