using System.Globalization;
using System.Text;
using Pipeline.Audit;

namespace Pipeline.Reports;

/// <summary>
/// The answer a strength sweep is run for: per prompt (and finetune), one bar per finetune strength whose height is
/// the approval rate (approved over decided). Plain HTML and CSS, no script.
/// </summary>
internal static class ApprovalChart
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Render(StringBuilder html, ReviewSummary s)
    {
        html.Append(Inv, $"""
            <section class="approval" id="approval"><h2>Review</h2>
            <dl class="summary decisions"><div><dt>approved</dt><dd data-key="approved">{s.Approved}</dd></div><div><dt>rejected</dt><dd data-key="rejected">{s.Rejected}</dd></div><div><dt>starred</dt><dd data-key="starred">{s.Starred}</dd></div><div><dt>undecided</dt><dd data-key="undecided">{s.Undecided}</dd></div><div><dt>notes</dt><dd data-key="notes">{s.Notes}</dd></div></dl>

            """);
        if (s.Rates.Count > 0 && s.Rates.Any(r => r.Decided > 0))
        {
            html.Append("<p class=\"prompt\">Approval rate by finetune strength: approved ÷ decided (approved + rejected); undecided images do not count.</p><div class=\"charts\">");
            foreach (var chart in s.Rates.GroupBy(r => (r.PromptId, r.FinetuneId)))
            {
                var finetune = chart.Key.FinetuneId is { } id ? " · " + ReportPage.E(id) : string.Empty;
                html.Append(Inv, $"<figure class=\"chart\" data-prompt=\"{ReportPage.E(chart.Key.PromptId)}\" data-finetune=\"{ReportPage.E(chart.Key.FinetuneId ?? string.Empty)}\"><figcaption>{ReportPage.E(chart.Key.PromptId)}{finetune}</figcaption><div class=\"bars\">");
                foreach (var bar in chart)
                {
                    var strength = ReportPage.Strength(bar.Strength);
                    var rate = bar.Rate is { } r ? r.ToString("0.###", Inv) : string.Empty;
                    var label = bar.Rate is { } p ? p.ToString("0%", Inv) : "—";
                    html.Append(Inv, $"<div class=\"bar\" data-strength=\"{strength}\" data-rate=\"{rate}\" title=\"strength {strength}: {bar.Approved} approved, {bar.Rejected} rejected of {bar.Images} images\"><span class=\"pct\">{label}</span><span class=\"fill\" style=\"--rate:{(bar.Rate ?? 0).ToString("0.###", Inv)}\"></span><span class=\"axis\">{strength}</span></div>");
                }

                html.Append("</div></figure>");
            }

            html.Append("</div>");
        }

        html.Append("</section>\n");
    }
}
