using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Tests.Reports;

/// <summary>Reads the structure of <c>report/index.html</c> back: its sheets, their labels and cells, and the embedded data.</summary>
internal sealed partial record ReportHtml(string Html)
{
    public static ReportHtml Load(string path) => new(File.ReadAllText(path));

    public IReadOnlyList<Sheet> Sheets => SheetPattern().Matches(Html).Select(m => new Sheet(
        Attr(m.Value, "data-prompt"),
        Attr(m.Value, "data-shape"),
        Attr(m.Value, "data-finetune"),
        WebUtility.HtmlDecode(HeadingPattern().Match(m.Value).Groups[1].Value),
        ColumnPattern().Matches(m.Value).Select(c => c.Groups[1].Value).ToList(),
        RowPattern().Matches(m.Value).Select(r => r.Groups[1].Value).ToList(),
        CellPattern().Matches(m.Value).Select(c => new Cell(Attr(c.Value, "data-job"), Attr(c.Value, "data-status"), Attr(c.Value, "data-seed"), Attr(c.Value, "data-strength"), ImagePattern().Match(c.Value) is { Success: true } img ? WebUtility.HtmlDecode(img.Groups[1].Value) : null)
        {
            Original = WebUtility.HtmlDecode(Attr(c.Value, "data-href")),
        }).ToList(),
        m.Value.Split("not planned").Length - 1)).ToList();

    public JsonObject Provenance => JsonNode.Parse(DataPattern().Match(Html).Groups[1].Value)!.AsObject();

    public string Summary(string key) => WebUtility.HtmlDecode(Regex.Match(Html, $"<dd data-key=\"{key}\">([^<]*)</dd>").Groups[1].Value);

    private static string Attr(string element, string name) =>
        WebUtility.HtmlDecode(Regex.Match(element, $"{name}=\"([^\"]*)\"").Groups[1].Value);

    [GeneratedRegex("<section class=\"sheet\".*?</section>", RegexOptions.Singleline)]
    private static partial Regex SheetPattern();

    [GeneratedRegex("<h2>(.*?)</h2>")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex("<th scope=\"col\" data-strength=\"([^\"]*)\">")]
    private static partial Regex ColumnPattern();

    [GeneratedRegex("<tr data-seed=\"([^\"]*)\">")]
    private static partial Regex RowPattern();

    [GeneratedRegex("<figure class=\"cell\"[^>]*>.*?</figure>", RegexOptions.Singleline)]
    private static partial Regex CellPattern();

    [GeneratedRegex("<img loading=\"lazy\"[^>]* src=\"([^\"]*)\"")]
    private static partial Regex ImagePattern();

    [GeneratedRegex("<script type=\"application/json\" id=\"provenance-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataPattern();

    public sealed record Sheet(string Prompt, string Shape, string Finetune, string Heading, IReadOnlyList<string> Strengths, IReadOnlyList<string> Seeds, IReadOnlyList<Cell> Cells, int NotPlanned);

    /// <param name="Image">What the grid shows (a thumbnail under <c>thumbs/</c>).</param>
    public sealed record Cell(string Job, string Status, string Seed, string Strength, string? Image)
    {
        /// <summary>The original the full view opens.</summary>
        public string Original { get; init; } = string.Empty;
    }
}
