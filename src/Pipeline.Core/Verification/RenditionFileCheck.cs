using System.Globalization;
using System.Security.Cryptography;
using Pipeline.Imaging.Decoding;
using Pipeline.Records;

namespace Pipeline.Verification;

/// <summary>
/// Re-checks renditions against <c>renditions.csv</c>: for each image and rendition name, the latest row; a succeeded
/// one must have its file, with the recorded SHA-256, decoding completely in the recorded format and size. Files under
/// <c>renditions/</c> that no row names are orphans.
/// </summary>
internal static class RenditionFileCheck
{
    /// <exception cref="FormatException">A row of <c>renditions.csv</c> has a value the contract does not allow.</exception>
    public static IEnumerable<FileCheck> Run(CampaignFolder folder)
    {
        var rows = RenditionLog.Read(folder.RenditionsLogPath);
        var latest = rows.GroupBy(r => (r.JobId, r.Rendition)).Select(g => g.Last()).ToList();
        var checks = latest.AsParallel().AsOrdered().Select(r => Check(folder, r)).ToList();
        checks.AddRange(Orphans(folder, rows));
        return checks;
    }

    private static FileCheck Check(CampaignFolder folder, RenditionRow row)
    {
        if (row.Status != RenditionRow.Succeeded)
        {
            return new FileCheck(row.File, row.JobId, row.Status, CheckResult.NoOutput, [row.Detail ?? row.Status], Rendition: row.Rendition);
        }

        var path = row.File is null ? null : Path.Combine(folder.Root, row.File);
        if (path is null || !File.Exists(path))
        {
            return new FileCheck(row.File, row.JobId, row.Status, CheckResult.Failed, ["missing file"], Rendition: row.Rendition);
        }

        var bytes = File.ReadAllBytes(path);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var problems = new List<string>();
        if (!string.Equals(sha256, row.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"sha256 mismatch: file {sha256[..12]}…, renditions.csv {row.Sha256?[..Math.Min(12, row.Sha256.Length)]}…");
        }

        var verdict = ImageDecodeCheck.Check(bytes, null, DecodeLimits.Default, CancellationToken.None);
        if (!verdict.Ok)
        {
            problems.Add(verdict.Describe());
        }

        var format = verdict.Format switch { BodyKind.Jpeg => "jpeg", BodyKind.Png => "png", BodyKind.Webp => "webp", var other => other.Name() };
        if (format != row.Format)
        {
            problems.Add($"format: renditions.csv says {row.Format}, file is {format}");
        }

        if (verdict.Width != row.Width || verdict.Height != row.Height)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"size: renditions.csv says {row.Width}x{row.Height}, file is {verdict.Width}x{verdict.Height}"));
        }

        if (row.Bytes is { } recorded && recorded != bytes.Length)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"bytes: renditions.csv says {recorded}, file has {bytes.Length}"));
        }

        return new FileCheck(row.File, row.JobId, row.Status, problems.Count == 0 ? CheckResult.Ok : CheckResult.Failed, problems, sha256, Rendition: row.Rendition);
    }

    private static IEnumerable<FileCheck> Orphans(CampaignFolder folder, IReadOnlyList<RenditionRow> rows)
    {
        if (!Directory.Exists(folder.RenditionsDir))
        {
            yield break;
        }

        var claimed = rows.Where(r => r.File is not null).Select(r => r.File!).ToHashSet(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(folder.RenditionsDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var file = folder.Relative(path);
            var image = file.EndsWith(".json", StringComparison.Ordinal) ? file[..^".json".Length] : file;
            if (!claimed.Contains(image))
            {
                yield return new FileCheck(file, null, null, CheckResult.Orphan, ["no renditions.csv row claims this file"], Rendition: file.Split('/')[1]);
            }
        }
    }
}
