using System.Globalization;
using System.Reflection;
using System.Text;
using Pipeline.Records;

namespace Pipeline.Reports;

/// <summary>
/// What <c>report/index.html</c> was last built from, kept in <c>.report-inputs</c> in the campaign folder: the tool
/// version, the provider asked for, and the length and write time of every audit log, <c>review.csv</c>,
/// <c>renditions.csv</c> and the page itself (docs/architecture.md#45-a-rerun-of-a-finished-campaign). A rerun that
/// renders nothing leaves an up-to-date page alone; any append, review decision, rendition, other provider, new tool
/// or touched page rebuilds it. Sidecars and thumbnails are written with their audit rows, so the logs cover them.
/// Auxiliary: a missing or unreadable stamp only costs a rebuild.
/// </summary>
internal sealed record ReportInputs(string Text)
{
    private const string FileName = ".report-inputs";

    private static readonly string ToolVersion =
        typeof(ReportInputs).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The inputs as they are now, for the report of <paramref name="provider"/> (null: the one used last).</summary>
    public static ReportInputs Of(CampaignFolder folder, string? provider)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"tool\t{ToolVersion}\n")
            .Append(CultureInfo.InvariantCulture, $"provider\t{provider ?? "(last used)"}\n");
        foreach (var stamp in FileStamp.Of(folder.AllAuditPaths().Append(folder.ReviewPath).Append(folder.RenditionsLogPath)))
        {
            text.Append(CultureInfo.InvariantCulture, $"{folder.Relative(stamp.Path)}\t{stamp.Length}\t{stamp.LastWriteTicks}\n");
        }

        return new ReportInputs(text.ToString());
    }

    /// <summary>Whether the page in the folder was built from exactly these inputs and is still as it was written.</summary>
    public bool Built(CampaignFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        try
        {
            var path = Path.Combine(folder.Root, FileName);
            return File.Exists(path) && string.Equals(File.ReadAllText(path), WithPage(folder), StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Records that the page now in the folder was built from these inputs.</summary>
    public void Record(CampaignFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var path = Path.Combine(folder.Root, FileName);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            File.WriteAllText(temp, WithPage(folder));
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
        }
    }

    private string WithPage(CampaignFolder folder)
    {
        var page = FileStamp.Of(ContactSheet.PagePath(folder));
        return string.Create(CultureInfo.InvariantCulture, $"{Text}page\t{page.Length}\t{page.LastWriteTicks}\n");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Auxiliary: the next run rebuilds the page.
        }
    }
}
