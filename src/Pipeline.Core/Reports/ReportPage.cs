using System.Globalization;
using System.Net;
using System.Text;
using Pipeline.Audit;
using Pipeline.Domain;

namespace Pipeline.Reports;

/// <summary>Renders <c>report/index.html</c>: summary header, filters, one <see cref="SweepGrid"/> per sheet, the viewer dialog.</summary>
internal static class ReportPage
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(string campaign, AuditSummary summary, IReadOnlyList<SweepGrid> grids, string provenanceJson, IReadOnlyDictionary<string, string> thumbnails)
    {
        var html = new StringBuilder();
        html.Append(Inv, $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(campaign)} · contact sheets</title>
            <style>
            {ReportAssets.Css}
            </style></head><body>
            <h1>{E(campaign)}</h1>

            """);
        Summary(html, summary);
        Filters(html, grids);
        foreach (var grid in grids)
        {
            Sheet(html, grid, thumbnails);
        }

        html.Append(Inv, $"""
            <dialog id="viewer" aria-labelledby="viewer-title"><header><strong id="viewer-title"></strong>
            <span><a id="viewer-link" target="_blank" rel="noopener">open full image</a> <button id="viewer-close" type="button">close</button></span></header>
            <div class="view"><img id="viewer-image" alt=""><div><nav id="viewer-renditions" aria-label="renditions"></nav><pre id="viewer-provenance"></pre></div></div></dialog>
            <script type="application/json" id="provenance-data">{provenanceJson}</script>
            <script>
            {ReportAssets.Script}
            </script>
            </body></html>

            """);
        return html.ToString();
    }

    private static void Summary(StringBuilder html, AuditSummary s)
    {
        var latency = s.Latency is { } l ? $"{Seconds(l.P50)} / {Seconds(l.P95)}" : "—";
        html.Append(Inv, $"""
            <dl class="summary" id="summary">
            <div><dt>jobs</dt><dd data-key="jobs">{s.Jobs}</dd></div>
            <div><dt>succeeded</dt><dd data-key="succeeded">{s.Succeeded}</dd></div>
            <div><dt>pass rate</dt><dd data-key="pass-rate">{s.PassRate:0%}</dd></div>
            <div><dt>spend</dt><dd data-key="spend">${s.SpentUsd}</dd></div>
            <div><dt>latency p50 / p95</dt><dd data-key="latency">{latency}</dd></div>
            <div><dt>runs</dt><dd data-key="runs">{s.Runs}</dd></div>
            </dl>

            """);
    }

    private static void Filters(StringBuilder html, IReadOnlyList<SweepGrid> grids)
    {
        var cells = grids.SelectMany(g => g.Cells.Values).ToList();
        var statuses = Enum.GetValues<JobStatus>().Where(s => cells.Any(c => c.Status == s)).Select(s => s.ToWire());
        html.Append("<form class=\"filters\" onsubmit=\"return false\">");
        Select(html, "status", statuses.Select(s => (s, s)));
        Select(html, "prompt", grids.Select(g => g.PromptId).Distinct(StringComparer.Ordinal).Select(p => (p, p)));
        Select(html, "finetune", grids.Select(g => g.FinetuneId ?? string.Empty).Distinct(StringComparer.Ordinal).Select(f => (f, f.Length == 0 ? "— (base model)" : f)));
        html.Append("<output id=\"filter-count\"></output></form>\n");
    }

    private static void Select(StringBuilder html, string name, IEnumerable<(string Value, string Label)> options)
    {
        html.Append(Inv, $"<label>{name} <select id=\"filter-{name}\"><option value=\"\">all</option>");
        foreach (var (value, label) in options)
        {
            html.Append(Inv, $"<option value=\"{E(value)}\">{E(label)}</option>");
        }

        html.Append("</select></label>");
    }

    private static void Sheet(StringBuilder html, SweepGrid grid, IReadOnlyDictionary<string, string> thumbnails)
    {
        var finetune = grid.ShowFinetune && grid.FinetuneId is { } id ? " · " + E(id) : string.Empty;
        html.Append(Inv, $"""
            <section class="sheet" data-prompt="{E(grid.PromptId)}" data-shape="{E(grid.Shape)}" data-finetune="{E(grid.FinetuneId ?? string.Empty)}" style="--ratio:{grid.CssRatio}">
            <h2>{E(grid.PromptId)} · {E(grid.Shape)}{finetune}</h2><p class="prompt">{E(grid.Prompt)}</p>
            <table class="grid"><thead><tr><th scope="col">seed \ strength</th>
            """);
        foreach (var strength in grid.Strengths)
        {
            html.Append(Inv, $"<th scope=\"col\" data-strength=\"{Strength(strength)}\">{Strength(strength)}</th>");
        }

        html.Append("</tr></thead><tbody>\n");
        foreach (var seed in grid.Seeds)
        {
            html.Append(Inv, $"<tr data-seed=\"{seed}\"><th scope=\"row\">{seed}</th>");
            foreach (var strength in grid.Strengths)
            {
                var row = grid.At(seed, strength);
                var thumbnail = row is not null ? thumbnails.GetValueOrDefault(row.JobId) : null;
                html.Append("<td>").Append(ReportCell.Render(row, thumbnail)).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody></table></section>\n");
    }

    internal static string Strength(decimal? strength) => strength?.ToString(Inv) ?? "—";

    private static string Seconds(TimeSpan t) => string.Create(Inv, $"{t.TotalSeconds:0.0#} s");

    internal static string E(string text) => WebUtility.HtmlEncode(text);
}
