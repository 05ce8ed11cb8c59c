namespace Pipeline.Reports;

/// <summary>
/// Where the page's links point: the static report sits in <c>report/</c> and links relatively (it opens from
/// <c>file://</c>); the review page is served from the campaign folder's root.
/// </summary>
/// <param name="CampaignRoot">Prefix of a path relative to the campaign folder.</param>
/// <param name="ReportRoot">Prefix of a path relative to <c>report/</c>.</param>
internal sealed record ReportLinks(string CampaignRoot, string ReportRoot)
{
    public static ReportLinks Static { get; } = new("../", string.Empty);

    public static ReportLinks Served { get; } = new("/", "/report/");

    public string Campaign(string relative) => CampaignRoot + Escape(relative);

    public string Report(string relative) => ReportRoot + Escape(relative);

    private static string Escape(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
