using System.Diagnostics.CodeAnalysis;

using Pipeline.Domain;

namespace Pipeline.Manifests.Reading;

/// <summary>
/// Loads a campaign manifest (contract version 1, see docs/architecture.md#contract-manifest) and validates all of it
/// against <see cref="ModelCatalog"/> before anything is planned or paid for.
/// </summary>
/// <remarks>
/// Every key path read gets a <see cref="SourcePosition"/> in <see cref="CampaignManifest.Sources"/>:
/// the value's start, or the key's start when the value is a block list or mapping or is empty.
/// Scalars are read from their text as written, quoted or not (<c>16:9</c> and <c>"16:9"</c> are
/// the same); strengths keep the written scale (<c>0.80</c> stays <c>0.80</c>).
/// </remarks>
public sealed class ManifestLoader
{
    /// <summary>Reads and validates the manifest file at <paramref name="path"/>.</summary>
    /// <exception cref="ManifestException">
    /// The file cannot be read, is not valid YAML, or breaks the contract; <see cref="ManifestException.Errors"/>
    /// holds every problem found, in document order.
    /// </exception>
    public CampaignManifest Load(string path)
    {
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ManifestException([new ManifestError(path, 1, 1, string.Empty, $"cannot read the manifest: {e.Message}")]);
        }

        return Parse(yaml, path);
    }

    /// <summary>Validates manifest text; <paramref name="sourcePath"/> names it in errors.</summary>
    /// <exception cref="ManifestException">The text is not valid YAML or breaks the contract (every error at once).</exception>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Instance API of the shared contract: hosts register and inject one loader.")]
    public CampaignManifest Parse(string yaml, string sourcePath)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourcePath);

        var errors = new List<ManifestError>();
        var root = YamlTreeReader.Read(yaml, sourcePath, errors);
        var context = new ReadContext(sourcePath);
        context.AddRange(errors);
        var manifest = root is null ? null : ManifestReader.Read(root, context);
        if (manifest is null || context.Errors.Count > 0)
        {
            throw new ManifestException(context.SortedErrors());
        }

        return manifest;
    }
}
