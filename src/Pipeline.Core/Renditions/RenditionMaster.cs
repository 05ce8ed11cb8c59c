using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Renditions;

/// <summary>A verified master that renditions are derived from.</summary>
/// <param name="File">Relative to the campaign folder (the audit <c>file</c>).</param>
/// <param name="Sha256">Of the master as stored (the audit <c>sha256</c>): half of every rendition's content address.</param>
public sealed record RenditionMaster(string JobId, string File, string Sha256)
{
    /// <summary>The master of a verified audit row; null for any other row.</summary>
    public static RenditionMaster? From(AuditRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row is { Status: JobStatus.Succeeded, File: { } file, Sha256: { } sha256 } ? new RenditionMaster(row.JobId, file, sha256) : null;
    }

    /// <summary>The verified masters of a campaign folder: each job's latest row, when it succeeded and its file is there.</summary>
    /// <exception cref="FormatException">An audit row has a value the contract does not allow.</exception>
    public static IReadOnlyList<RenditionMaster> In(CampaignFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return CampaignAudit.Read(folder).Latest
            .Select(From)
            .OfType<RenditionMaster>()
            .Where(m => System.IO.File.Exists(Path.Combine(folder.Root, m.File)))
            .ToList();
    }

    /// <summary><c>renditions/&lt;name&gt;/&lt;master file stem&gt;.&lt;ext&gt;</c>, relative to the campaign folder.</summary>
    public string RenditionFile(RenditionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return $"renditions/{spec.Name}/{Path.GetFileNameWithoutExtension(File)}.{spec.Extension}";
    }
}
