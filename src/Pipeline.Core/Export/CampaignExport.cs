using System.Globalization;
using Pipeline.Domain;
using Pipeline.Imaging;
using Pipeline.Records;

namespace Pipeline.Export;

/// <summary>
/// <c>pipeline export</c>: copies the selected kept images (masters, or the named renditions) with their sidecars
/// into a folder and records them in its <c>export.csv</c>. Idempotent: a file already there with the same bytes is
/// left alone. Nothing is copied when any target holds a different file or any source no longer matches its
/// recorded SHA-256; <see cref="ExportRefusedException"/> names every such file.
/// </summary>
public static class CampaignExport
{
    /// <exception cref="ArgumentException">A rendition name is not valid or has no rendition in <c>renditions.csv</c>.</exception>
    /// <exception cref="ExportRefusedException">A target holds a different file, or a source does not match its record.</exception>
    /// <exception cref="FormatException">The audit log or <c>review.csv</c> has a value the contract does not allow.</exception>
    public static ExportResult Run(ExportRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var folder = request.Folder;
        var audit = CampaignAudit.Read(folder);
        var review = CampaignReview.Read(folder);
        var renditions = request.Renditions.Count == 0 ? [ExportRequest.Master] : request.Renditions.Distinct(StringComparer.Ordinal).ToList();
        var made = renditions.Any(r => r != ExportRequest.Master) ? RenditionRecords.Read(folder) : new Dictionary<(string, string), (string, string)>();
        foreach (var name in renditions.Where(r => r != ExportRequest.Master))
        {
            if (name is "." or ".." || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw new ArgumentException($"--rendition {name}: a rendition name is letters, digits, '-', '_' and '.'.");
            }

            if (!made.Keys.Any(k => k.Rendition == name))
            {
                var known = made.Keys.Select(k => k.Rendition).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                throw new ArgumentException($"--rendition {name}: no succeeded rendition of that name in renditions.csv (known: {(known.Count == 0 ? "none" : string.Join(", ", known))}).");
            }
        }

        var selected = audit.Latest
            .Where(r => r.Status == JobStatus.Succeeded && r.File is not null && Selected(request.Selection, review.For(r.JobId)))
            .ToList();
        var items = new List<ExportItem>();
        var missing = new List<string>();
        foreach (var row in selected)
        {
            foreach (var name in renditions)
            {
                if (name == ExportRequest.Master)
                {
                    items.Add(new ExportItem(row, name, row.File!, row.Sha256, Path.GetFileName(row.File!)));
                }
                else if (made.TryGetValue((row.JobId, name), out var rendition))
                {
                    items.Add(new ExportItem(row, name, rendition.File, rendition.Sha256, name + "/" + Path.GetFileName(rendition.File)));
                }
                else
                {
                    missing.Add($"{row.File}: no {name} rendition");
                }
            }
        }

        var problems = new List<string>();
        var copies = new List<(string Source, string Target)>();
        var rows = new List<ExportRow>();
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var source = Path.Combine(folder.Root, item.Source);
            var target = Path.Combine(request.Target, item.Target);
            var sha = File.Exists(source) ? FileHash.Sha256(source) : null;
            if (sha is null || (item.Expected is { Length: > 0 } expected && expected != sha))
            {
                problems.Add($"{item.Source}: {(sha is null ? "missing" : "no longer matches its recorded sha256")} (run pipeline verify)");
                continue;
            }

            Plan(source, target, sha, problems, copies);
            if (File.Exists(source + ".json"))
            {
                Plan(source + ".json", target + ".json", FileHash.Sha256(source + ".json"), problems, copies);
            }

            rows.Add(Row(item, sha, review.For(item.Audit.JobId)));
        }

        if (problems.Count > 0)
        {
            throw new ExportRefusedException("export refused, nothing copied:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        }

        foreach (var (source, target) in copies)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Copy(source, target);
        }

        var csvPath = Path.Combine(request.Target, ExportCsv.FileName);
        Directory.CreateDirectory(request.Target);
        var keys = rows.Select(r => (r.JobId, r.Rendition)).ToHashSet();
        ExportCsv.Write(csvPath, [.. ExportCsv.Read(csvPath).Where(r => !keys.Contains((r.JobId, r.Rendition))), .. rows]);
        return new ExportResult(rows, copies.Count, items.Count, missing, csvPath);
    }

    private static bool Selected(ExportSelection selection, JobReview? review) =>
        selection.HasFlag(ExportSelection.All)
        || (selection.HasFlag(ExportSelection.Approved) && review?.IsApproved == true)
        || (selection.HasFlag(ExportSelection.Starred) && review?.Starred == true);

    /// <summary>Copies what is missing; a target with the same bytes is already done; a different one is a problem.</summary>
    private static void Plan(string source, string target, string sha, List<string> problems, List<(string, string)> copies)
    {
        if (!File.Exists(target))
        {
            copies.Add((source, target));
        }
        else if (FileHash.Sha256(target) != sha)
        {
            problems.Add($"{target}: a different file is already there (move it away or export to another folder)");
        }
    }

    /// <summary>Copied beside the target and renamed into place, so a reader never sees half a file.</summary>
    private static void Copy(string source, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = target + ".export-tmp";
        File.Copy(source, temp, overwrite: true);
        File.Move(temp, target, overwrite: false);
    }

    private static ExportRow Row(ExportItem item, string sha, JobReview? review)
    {
        var a = item.Audit;
        var decision = string.Join(';', new[] { review?.Verdict?.ToWire(), review?.Starred == true ? "starred" : null }.Where(d => d is not null));
        return new ExportRow(
            a.JobId, a.PromptId, a.FinetuneId, a.FinetuneStrength?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            a.Seed.ToString(CultureInfo.InvariantCulture), a.AspectRatio ?? string.Empty, item.Rendition, item.Target, sha, a.RequestId, decision);
    }

    private sealed record ExportItem(AuditRow Audit, string Rendition, string Source, string? Expected, string Target);
}

/// <summary>What an export did.</summary>
/// <param name="Rows">This export's rows of <c>export.csv</c>.</param>
/// <param name="Copied">Files copied (sidecars included); the rest were already there with the same bytes.</param>
/// <param name="Items">Masters and renditions selected.</param>
/// <param name="Missing">Selected images without a requested rendition (skipped).</param>
public sealed record ExportResult(IReadOnlyList<ExportRow> Rows, int Copied, int Items, IReadOnlyList<string> Missing, string CsvPath);
