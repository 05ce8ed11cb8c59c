using Pipeline.Records;

namespace Pipeline.Export;

/// <summary>
/// The renditions an export may copy: the latest <c>succeeded</c> row per job and rendition of <c>renditions.csv</c>,
/// read through <see cref="RenditionLog"/>.
/// </summary>
internal static class RenditionRecords
{
    /// <summary>(job id, rendition) → (file relative to the campaign folder, its SHA-256); empty without <c>renditions.csv</c>.</summary>
    public static IReadOnlyDictionary<(string JobId, string Rendition), (string File, string Sha256)> Read(CampaignFolder folder)
    {
        var latest = new Dictionary<(string, string), (string, string)>();
        foreach (var row in RenditionLog.Read(folder.RenditionsLogPath))
        {
            if (row.Status == RenditionRow.Succeeded && row.File is { Length: > 0 } file)
            {
                latest[(row.JobId, row.Rendition)] = (file, row.Sha256 ?? string.Empty);
            }
        }

        return latest;
    }
}
