using Pipeline.Imaging;
using Pipeline.Records;

namespace Pipeline.Renditions;

/// <summary>
/// Which renditions a campaign folder already holds, from <c>renditions.csv</c>: a rendition is current when its latest
/// succeeded row has the same content address (spec and master) and its file still hashes to the row's <c>sha256</c>.
/// </summary>
public sealed class RenditionIndex
{
    private readonly Dictionary<(string JobId, string Rendition), RenditionRow> _latest;

    private RenditionIndex(Dictionary<(string, string), RenditionRow> latest) => _latest = latest;

    /// <exception cref="FormatException">A row of <c>renditions.csv</c> has a value the contract does not allow.</exception>
    public static RenditionIndex Load(CampaignFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var latest = new Dictionary<(string, string), RenditionRow>();
        foreach (var row in RenditionLog.Read(folder.RenditionsLogPath).Where(r => r.Status == RenditionRow.Succeeded))
        {
            latest[(row.JobId, row.Rendition)] = row;
        }

        return new RenditionIndex(latest);
    }

    /// <summary>True when the file for <paramref name="key"/> is there and intact: nothing to derive.</summary>
    public bool IsCurrent(CampaignFolder folder, string jobId, string rendition, string key)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!_latest.TryGetValue((jobId, rendition), out var row) || row.Key != key || row.File is null || row.Sha256 is null)
        {
            return false;
        }

        var path = Path.Combine(folder.Root, row.File);
        return File.Exists(path) && string.Equals(FileHash.Sha256(path), row.Sha256, StringComparison.OrdinalIgnoreCase);
    }
}
