using Pipeline.Domain;

namespace Pipeline.Manifests;

/// <summary>An input image of a fill campaign (<c>image:</c> or <c>mask:</c>), checked when the manifest is loaded.</summary>
/// <param name="Path">Absolute path of the file.</param>
/// <param name="Written">The path as written in the manifest (relative to the manifest's folder).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file's bytes: part of every job's id.</param>
/// <param name="Format"><c>png</c> or <c>jpeg</c>.</param>
public sealed record FillInput(string Path, string Written, string Sha256, ImageSize Size, string Format);
