using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Publishing;

/// <summary>Which images <c>pipeline publish</c> takes (<c>--all</c>, <c>--approved</c>, <c>--starred</c>).</summary>
public enum Selection
{
    /// <summary>Every kept verified image (the default).</summary>
    All,

    /// <summary>Images whose latest approve/reject/clear decision in <c>review.csv</c> is <c>approved</c>.</summary>
    Approved,

    /// <summary>Images whose latest star decision in <c>review.csv</c> is <c>starred</c>.</summary>
    Starred,
}

/// <summary>
/// The files of a campaign folder that a publish takes: the selected verified images with their sidecars, the named
/// renditions of those images, <c>audit.csv</c> and the report. Reads the folder only (docs/architecture.md#41-publishing).
/// </summary>
/// <remarks>
/// <c>renditions.csv</c> is read through <see cref="RenditionLog"/>, as export and verify read it. The review choice is
/// read here because it also needs the SHA-256 each decision was made on (a decision about other bytes does not count).
/// </remarks>
public static class PublishSelection
{
    /// <summary>The files to publish from <paramref name="folder"/>, images first, in audit order.</summary>
    /// <param name="renditions">Rendition names (<c>--rendition</c>); their files for the selected images are added.</param>
    /// <exception cref="FormatException">An audit, review or renditions row cannot be read (the message names the file).</exception>
    public static IReadOnlyList<PublishItem> Files(CampaignFolder folder, Selection selection, IReadOnlyCollection<string> renditions)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(renditions);
        var kept = CampaignAudit.Read(folder).Latest
            .Where(r => r.Status == JobStatus.Succeeded && r.File is not null && r.Sha256 is not null)
            .ToList();
        if (selection != Selection.All)
        {
            var chosen = ReviewChoices.Read(Path.Combine(folder.Root, ReviewChoices.FileName), selection);
            kept = kept.Where(r => chosen.TryGetValue(r.JobId, out var sha) && (sha is null || sha == r.Sha256)).ToList();
        }

        var items = new List<PublishItem>();
        foreach (var row in kept)
        {
            var image = Path.Combine(folder.Root, row.File!);
            items.Add(new PublishItem(row.File!, image, PublishItemKind.Image, row.Sha256, row.JobId, row.RequestId));
            if (File.Exists(image + ".json"))
            {
                items.Add(new PublishItem(row.File! + ".json", image + ".json", PublishItemKind.Sidecar, null, row.JobId, row.RequestId));
            }
        }

        if (renditions.Count > 0)
        {
            var byJob = kept.ToDictionary(r => r.JobId, StringComparer.Ordinal);
            var latest = RenditionLog.Read(folder.RenditionsLogPath)
                .Where(r => renditions.Contains(r.Rendition))
                .GroupBy(r => (r.JobId, r.Rendition))
                .Select(g => g.Last());
            foreach (var rendition in latest)
            {
                if (rendition is { Status: RenditionRow.Succeeded, File: { Length: > 0 } file, Sha256: { Length: > 0 } sha }
                    && byJob.TryGetValue(rendition.JobId, out var source) && rendition.SourceSha256 == source.Sha256)
                {
                    items.Add(new PublishItem(file, Path.Combine(folder.Root, file), PublishItemKind.Rendition, sha, rendition.JobId, source.RequestId));
                }
            }
        }

        items.AddRange(Records(folder));
        return items;
    }

    /// <summary>The audit logs and every file of <c>report/</c>.</summary>
    private static IEnumerable<PublishItem> Records(CampaignFolder folder)
    {
        var files = folder.AllAuditPaths().AsEnumerable();
        if (Directory.Exists(folder.ReportDir))
        {
            files = files.Concat(Directory.EnumerateFiles(folder.ReportDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        }

        return files.Select(f => new PublishItem(folder.Relative(f), f, PublishItemKind.Record));
    }
}
