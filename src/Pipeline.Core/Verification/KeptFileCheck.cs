using System.Security.Cryptography;
using System.Text.Json;
using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Providers;
using Pipeline.Domain;
using Pipeline.Imaging;
using Pipeline.Imaging.Decoding;
using Pipeline.Records;

namespace Pipeline.Verification;

/// <summary>
/// Re-checks one kept output against what was recorded when it was stored: the audit row (SHA-256, format, pixel
/// size), the file's own integrity (decoded, as the run does), its sidecar, and the provenance embedded in it.
/// </summary>
internal static class KeptFileCheck
{
    public static FileCheck Run(CampaignFolder folder, AuditRow row, IReadOnlySet<string>? ledgerRequestIds)
    {
        var status = row.Status.ToWire();
        if (row.File is null)
        {
            return new FileCheck(null, row.JobId, status, CheckResult.Failed, ["audit row names no file"]);
        }

        var path = Path.Combine(folder.Root, row.File);
        if (!File.Exists(path))
        {
            return new FileCheck(row.File, row.JobId, status, CheckResult.Failed, ["missing file"]);
        }

        var problems = new List<string>();
        var bytes = File.ReadAllBytes(path);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(sha256, row.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"sha256 mismatch: file {Short(sha256)}…, audit {Short(row.Sha256)}…");
        }

        // The same decoding check as the run, so a file that would fail today is not trusted because it passed then.
        var decoded = ImageVerification.Decode(bytes, null, TimeProvider.System, CancellationToken.None);
        var facts = decoded.ToFacts(bytes.Length);
        problems.AddRange(ImageProblems(row, facts, decoded, DeclaredFormat(path)));
        problems.AddRange(SidecarProblems(path, row));
        problems.AddRange(EmbeddedProblems(path, row));
        if (ledgerRequestIds is not null && row.RequestId is { } requestId && !ledgerRequestIds.Contains(requestId))
        {
            problems.Add($"request id {requestId} is not in the ledger");
        }

        return new FileCheck(row.File, row.JobId, status, problems.Count == 0 ? CheckResult.Ok : CheckResult.Failed, problems, sha256, facts);
    }

    /// <summary>The format a file name claims: <c>.jpg</c>/<c>.jpeg</c> or <c>.png</c>; null for anything else.</summary>
    public static string? DeclaredFormat(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".JPG" or ".JPEG" => "jpeg",
        ".PNG" => "png",
        _ => null,
    };

    private static IEnumerable<string> ImageProblems(AuditRow row, ImageFacts facts, DecodeVerdict decoded, string? declared)
    {
        if (facts.Format is null)
        {
            yield return decoded.IsImage() ? $"format {decoded.Format.Name()}, audit says {row.Format}" : decoded.Problem ?? "not a JPEG or PNG";
            yield break;
        }

        if (declared is not null && declared != facts.Format)
        {
            yield return $"content is {facts.Format} but named {Path.GetExtension(row.File)}";
        }

        if (facts.Format != row.Format)
        {
            yield return $"format {facts.Format}, audit says {row.Format}";
        }

        if (!decoded.Ok)
        {
            yield return decoded.Problem ?? "failed";
        }

        if (facts.Width is not { } width || facts.Height is not { } height)
        {
            yield return "pixel size unreadable";
        }
        else if (SizeProblem(row, new ImageSize(width, height)) is { } problem)
        {
            yield return problem;
        }
    }

    /// <summary>
    /// The recorded pixels when the row has them; else the Ultra table's size for its ratio, or for a ratio outside the
    /// table the rule the run verified it by (docs/architecture.md#44-any-ratio-a-provider-takes).
    /// </summary>
    private static string? SizeProblem(AuditRow row, ImageSize actual)
    {
        if (row.Width is { } w && row.Height is { } h)
        {
            return actual == new ImageSize(w, h) ? null : $"size {actual}, audit says {w}x{h}";
        }

        if (row.AspectRatio is not { } ratio)
        {
            return null;
        }

        if (ModelCatalog.UltraSize(ratio) is { } ultra)
        {
            return actual == ultra ? null : $"size {actual}, audit says {ultra}";
        }

        return ModelCatalog.RatioByRule(ratio) is { } byRule ? UltraSizeRule.Problem(actual, byRule) : null;
    }

    private static List<string> SidecarProblems(string path, AuditRow row)
    {
        Sidecar? sidecar;
        try
        {
            sidecar = File.Exists(path + ".json") ? Sidecar.Parse(File.ReadAllText(path + ".json")) : null;
        }
        catch (JsonException)
        {
            return ["sidecar is not readable JSON"];
        }

        if (sidecar is null)
        {
            return ["no sidecar"];
        }

        var problems = new List<string>();
        if (sidecar.JobId != row.JobId)
        {
            problems.Add($"sidecar is for job {sidecar.JobId}");
        }

        if (!string.Equals(sidecar.Sha256, row.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("sidecar sha256 differs from the audit");
        }

        return problems;
    }

    private static List<string> EmbeddedProblems(string path, AuditRow row)
    {
        EmbeddedProvenance embedded;
        try
        {
            embedded = Provenance.Read(path);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return ["embedded provenance unreadable: " + ex.Message];
        }

        if (embedded.Record is not { } record)
        {
            return ["no embedded provenance"];
        }

        var problems = new List<string>();
        if (record.Sidecar.JobId != row.JobId)
        {
            problems.Add($"embedded provenance is for job {record.Sidecar.JobId}");
        }

        if (!embedded.SourceIntact)
        {
            problems.Add("bytes differ from the provider's (embedded source_sha256)");
        }

        return problems;
    }

    private static string Short(string? sha256) => sha256 is { Length: >= 12 } ? sha256[..12] : sha256 ?? "none";
}
