using System.Text.RegularExpressions;
using Pipeline.Domain;

namespace Pipeline.Manifests.Reading;

/// <summary>
/// Reads <c>renditions:</c>, the channel outputs derived from every verified master: a list of mappings, each with a
/// unique <c>name</c>, a size (<c>size: WxH</c>, or <c>width</c> or <c>height</c> alone to keep the master's ratio),
/// <c>fit</c>, <c>gravity</c>, <c>background</c> (contain only), <c>format</c>, <c>quality</c> and <c>max_bytes</c>.
/// </summary>
internal static partial class RenditionsReader
{
    public const long MaxBytesLimit = 64L * 1024 * 1024;

    private static readonly string[] SizeKeys = ["size", "width", "height"];

    private static readonly string[] Keys = ["name", "size", "width", "height", "fit", "gravity", "background", "format", "quality", "max_bytes"];

    public static IReadOnlyList<RenditionSpec> Read(YamlNode? node, ReadContext cx)
    {
        var items = cx.List(node, "renditions", "renditions like {name: feed-portrait, size: 1080x1350, format: jpeg}") ?? [];
        var specs = new List<RenditionSpec>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var path = ReadContext.Index("renditions", i);
            if (Spec(items[i], path, cx) is not { } spec)
            {
                continue;
            }

            if (names.TryGetValue(spec.Name, out var first))
            {
                cx.Error(ReadContext.Join(path, "name"), $"duplicate rendition name '{spec.Name}' (first used by renditions[{first}]); each rendition needs its own name");
                continue;
            }

            names.Add(spec.Name, i);
            specs.Add(spec);
        }

        return specs;
    }

    private static RenditionSpec? Spec(YamlNode node, string path, ReadContext cx)
    {
        if (cx.Mapping(node, path, "a rendition", Keys) is not { } f)
        {
            return null;
        }

        var errors = cx.Errors.Count;
        var name = cx.String(f.Required("name", "a name like feed-portrait"), f.PathOf("name"), "a name like feed-portrait");
        if (name is not null && !NamePattern().IsMatch(name))
        {
            cx.Error(f.PathOf("name"), $"rendition name '{name}' is not allowed; use lower-case letters, digits and '-'");
        }

        var (width, height) = Size(f, cx);
        var fit = cx.OneOf(f.Optional("fit", "cover or contain"), f.PathOf("fit"), "fit", RenditionSpec.Fits) ?? "cover";
        var gravity = cx.OneOf(f.Optional("gravity", "a gravity"), f.PathOf("gravity"), "gravity", RenditionSpec.Gravities) ?? "center";
        var background = Background(f, fit, cx);
        var format = cx.OneOf(f.Required("format", $"one of: {string.Join(", ", RenditionSpec.Formats)}"), f.PathOf("format"), "format", RenditionSpec.Formats);
        var quality = cx.Integer(f.Optional("quality", "an integer"), f.PathOf("quality"), 1, 100);
        if (quality is not null && format == "png")
        {
            cx.Error(f.PathOf("quality"), "'quality' is for jpeg and webp; png is lossless, remove it");
        }

        var maxBytes = cx.Integer(f.Optional("max_bytes", "an integer"), f.PathOf("max_bytes"), 1, MaxBytesLimit);
        if (cx.Errors.Count > errors || name is null || format is null)
        {
            return null;
        }

        var lossy = format != "png";
        return new RenditionSpec(name, width, height, fit, gravity, background, format, lossy ? (int)(quality ?? RenditionSpec.DefaultQuality) : null, maxBytes);
    }

    /// <summary><c>size: WxH</c>, or one of <c>width</c> and <c>height</c>; each side 16–8192.</summary>
    private static (int? Width, int? Height) Size(Fields f, ReadContext cx)
    {
        var given = SizeKeys.Where(f.Has).ToList();
        if (given.Count == 0)
        {
            cx.Error(cx.PositionOf(f.Path), f.PathOf("size"), "missing required key 'size'; expected size: WIDTHxHEIGHT, or width: N or height: N to keep the master's ratio");
            return (null, null);
        }

        if (given.Count > 1)
        {
            cx.Error(f.KeyStart(given[1]), f.PathOf(given[1]), $"use one of size, width and height, not {string.Join(" and ", given)}; size: WIDTHxHEIGHT for exact pixels");
            return (null, null);
        }

        if (given[0] == "size")
        {
            var text = cx.Text(f.Required("size", "WIDTHxHEIGHT"), f.PathOf("size"), "a size like 1080x1350");
            var match = text is null ? null : SizePattern().Match(text);
            if (match is not { Success: true } || !int.TryParse(match.Groups[1].Value, out var w) || !int.TryParse(match.Groups[2].Value, out var h))
            {
                if (text is not null)
                {
                    cx.Error(f.PathOf("size"), $"expected a size like 1080x1350, found '{text}'");
                }

                return (null, null);
            }

            if (w is < RenditionSpec.MinSide or > RenditionSpec.MaxSide || h is < RenditionSpec.MinSide or > RenditionSpec.MaxSide)
            {
                cx.Error(f.PathOf("size"), $"{text} is out of range; each side must be from {RenditionSpec.MinSide} to {RenditionSpec.MaxSide} pixels");
                return (null, null);
            }

            return (w, h);
        }

        var side = (int?)cx.Integer(f.Required(given[0], "an integer"), f.PathOf(given[0]), RenditionSpec.MinSide, RenditionSpec.MaxSide);
        return given[0] == "width" ? (side, null) : (null, side);
    }

    private static string? Background(Fields f, string fit, ReadContext cx)
    {
        var text = cx.String(f.Optional("background", "a colour like \"#ffffff\""), f.PathOf("background"), "a colour like \"#ffffff\"");
        if (text is not null && fit != "contain")
        {
            cx.Error(f.PathOf("background"), "'background' is for fit: contain (it pads); cover fills the whole size, remove it");
            return null;
        }

        if (text is not null && !ColourPattern().IsMatch(text))
        {
            cx.Error(f.PathOf("background"), $"expected a colour like \"#ffffff\", found '{text}'");
            return null;
        }

        return fit == "contain" ? (text ?? RenditionSpec.DefaultBackground).ToLowerInvariant() : null;
    }

    [GeneratedRegex("^[a-z0-9-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex("^([0-9]{1,5})x([0-9]{1,5})$", RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();

    [GeneratedRegex("^#[0-9a-fA-F]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex ColourPattern();
}
