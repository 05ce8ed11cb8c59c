using System.Security.Cryptography;
using System.Text.Json;
using Pipeline.Execution;
using Pipeline.Domain;
using Pipeline.Imaging;
using Pipeline.Imaging.Decoding;
using Pipeline.Records;

namespace Pipeline.Verification;

/// <summary>
/// <c>pipeline inspect &lt;image&gt;</c>: what one image file really is and what it says about itself: format, pixel
/// size and integrity from its bytes (decoded, as the run verifies), the provenance record embedded in it, and whether its bytes still match the
/// sidecar beside it (the hash of the file as stored) and the provider's output (the record's <c>source_sha256</c>).
/// </summary>
/// <param name="Decoded">What decoding the file showed (<see cref="ImageVerification.Decode"/>).</param>
/// <param name="Sidecar">The sidecar beside the file, or null when there is none.</param>
/// <param name="Problems">Every reason not to trust the file; empty when it checks out.</param>
public sealed record ImageProvenanceCheck(
    string Path,
    ImageFacts Facts,
    string Sha256,
    DecodeVerdict Decoded,
    EmbeddedProvenance? Embedded,
    Sidecar? Sidecar,
    IReadOnlyList<string> Problems)
{
    /// <summary>Reads <paramref name="path"/> and its sidecar.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an image at all (HTML, empty, JSON...).</exception>
    public static ImageProvenanceCheck Run(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file.", path);
        }

        var bytes = File.ReadAllBytes(path);
        var decoded = ImageVerification.Decode(bytes, null, TimeProvider.System, CancellationToken.None);
        if (!decoded.IsImage())
        {
            throw new InvalidDataException($"{path}: not an image: {decoded.Problem}.");
        }

        var facts = decoded.ToFacts(bytes.Length);
        var problems = new List<string>();
        if (!decoded.Ok)
        {
            problems.Add(decoded.Problem ?? "failed");
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        EmbeddedProvenance? embedded = null;
        try
        {
            embedded = Provenance.Read(path);
            if (embedded.Record is null)
            {
                problems.Add("no embedded provenance");
            }
            else if (!embedded.SourceIntact)
            {
                problems.Add("bytes differ from the provider's: the file without its record does not hash to source_sha256");
            }
        }
        catch (InvalidDataException ex)
        {
            problems.Add(ex.Message);
        }

        var sidecar = ReadSidecar(path + ".json", problems);
        if (sidecar is not null && !string.Equals(sidecar.Sha256, sha256, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("sha256 differs from the sidecar's: the file changed after it was stored");
        }

        if (sidecar is not null && embedded?.Record is { } record && record.Sidecar.JobId != sidecar.JobId)
        {
            problems.Add($"the embedded record is for job {record.Sidecar.JobId}, the sidecar for job {sidecar.JobId}");
        }

        return new ImageProvenanceCheck(path, facts, sha256, decoded, embedded, sidecar, problems);
    }

    private static Sidecar? ReadSidecar(string path, List<string> problems)
    {
        try
        {
            return File.Exists(path) ? Sidecar.Parse(File.ReadAllText(path)) : null;
        }
        catch (JsonException)
        {
            problems.Add("sidecar is not readable JSON");
            return null;
        }
    }
}
