using Pipeline.Domain;
using SixLabors.ImageSharp.Processing;

namespace Pipeline.Renditions;

/// <summary>
/// What a rendition asks of a master's pixels: output size, how it fills it (stretch to a kept ratio, crop for
/// <c>cover</c>, pad for <c>contain</c>), what it keeps and the padding colour. Renditions of one master with equal
/// geometry (a JPEG and a WebP of one size) are resized once.
/// </summary>
public readonly record struct RenditionGeometry(ImageSize Size, ResizeMode Mode, AnchorPositionMode Position, string Background);
