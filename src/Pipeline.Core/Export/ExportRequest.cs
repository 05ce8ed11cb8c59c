using Pipeline.Records;

namespace Pipeline.Export;

/// <summary>What <see cref="CampaignExport"/> copies, and where.</summary>
/// <param name="Target">The folder to copy into (created when missing).</param>
/// <param name="Renditions">Rendition names to copy; empty copies the masters. The name <c>master</c> stands for the master itself.</param>
public sealed record ExportRequest(CampaignFolder Folder, string Target, ExportSelection Selection, IReadOnlyList<string> Renditions)
{
    public const string Master = "master";
}
