using System.Globalization;
using System.Net;
using System.Text;
using Pipeline.Audit;
using Pipeline.Execution;

namespace Pipeline.Reports;

/// <summary>
/// Writes <c>report/index.html</c> from the audit log and the files only (no provider is called): for each
/// prompt and aspect ratio, a sweep grid with seeds as rows and finetune strengths as columns. Static and
/// self-contained (inline CSS, relative image links), so it opens from <c>file://</c>.
/// </summary>
public static class ContactSheet
{
    /// <summary>Builds the report and returns its path.</summary>
    /// <exception cref="IOException">The report folder is not writable.</exception>
    public static string Write(CampaignFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var latest = Latest(AuditReader.Read(folder.AuditPath));
        Directory.CreateDirectory(folder.ReportDir);
        var path = Path.Combine(folder.ReportDir, "index.html");
        var temp = path + ".tmp";
        File.WriteAllText(temp, Render(Path.GetFileName(folder.Root), latest), new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
        return path;
    }

    /// <summary>The last outcome of every job, in first-seen order.</summary>
    internal static IReadOnlyList<AuditRow> Latest(IReadOnlyList<AuditRow> rows)
    {
        var byJob = new Dictionary<string, AuditRow>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var row in rows)
        {
            if (!byJob.ContainsKey(row.JobId))
            {
                order.Add(row.JobId);
            }

            byJob[row.JobId] = row;
        }

        return order.Select(id => byJob[id]).ToList();
    }

    private static string Render(string campaign, IReadOnlyList<AuditRow> rows)
    {
        var inv = CultureInfo.InvariantCulture;
        var html = new StringBuilder();
        var succeeded = rows.Count(r => r.Status == JobStatus.Succeeded);
        var spent = rows.Sum(r => r.CostUsd);
        html.Append(inv, $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>{{E(campaign)}} · contact sheet</title>
            <style>
            body{font:14px system-ui,sans-serif;margin:24px;color:#222;background:#fafafa}
            h1{margin:0 0 4px} .summary{color:#555;margin-bottom:24px}
            section{margin-bottom:32px} table{border-collapse:collapse}
            th{font-weight:600;padding:4px 8px;color:#444} td{padding:4px;vertical-align:top}
            figure{margin:0;width:220px} img{width:220px;height:160px;object-fit:contain;background:#eee;display:block}
            figcaption{font-size:12px;color:#555} .badge{display:inline-block;padding:1px 6px;border-radius:8px;font-size:11px;color:#fff}
            .succeeded{background:#2e7d32} .failed,.verification_failed{background:#c62828} .request_moderated,.content_moderated,.nsfw_flagged{background:#ef6c00}
            .skipped_budget,.cancelled{background:#757575} .empty{width:220px;height:160px;background:#f0f0f0;display:flex;align-items:center;justify-content:center;color:#999}
            </style></head><body>
            <h1>{{E(campaign)}}</h1>
            <div class="summary">{{rows.Count}} jobs · {{succeeded}} succeeded ({{(rows.Count == 0 ? 0 : 100.0 * succeeded / rows.Count):0}}%) · spent ${{spent}}</div>

            """);
        foreach (var group in rows.GroupBy(r => (r.PromptId, Shape: r.AspectRatio ?? $"{r.Width}x{r.Height}")).OrderBy(g => g.Key.PromptId, StringComparer.Ordinal))
        {
            var strengths = group.Select(r => r.FinetuneStrength).Distinct().OrderBy(s => s).ToList();
            var seeds = group.Select(r => r.Seed).Distinct().Order().ToList();
            html.Append(inv, $"<section><h2>{E(group.Key.PromptId)} · {E(group.Key.Shape)}</h2><p>{E(group.First().Prompt)}</p><table><tr><th>seed \\ strength</th>");
            foreach (var s in strengths)
            {
                html.Append(inv, $"<th>{(s is { } v ? v.ToString(inv) : "—")}</th>");
            }

            html.Append("</tr>\n");
            foreach (var seed in seeds)
            {
                html.Append(inv, $"<tr><th>{seed}</th>");
                foreach (var s in strengths)
                {
                    html.Append("<td>").Append(Cell(group.FirstOrDefault(r => r.Seed == seed && r.FinetuneStrength == s))).Append("</td>");
                }

                html.Append("</tr>\n");
            }

            html.Append("</table></section>\n");
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static string Cell(AuditRow? row)
    {
        if (row is null)
        {
            return "<div class=\"empty\">not planned</div>";
        }

        var inv = CultureInfo.InvariantCulture;
        var status = row.Status.ToWire();
        var image = row.Status == JobStatus.Succeeded && row.File is not null
            ? $"<a href=\"../{E(row.File)}\"><img loading=\"lazy\" src=\"../{E(row.File)}\" alt=\"{E(row.PromptId)} seed {row.Seed}\"></a>"
            : $"<div class=\"empty\">{E(status)}</div>";
        return string.Create(inv, $"<figure data-job=\"{E(row.JobId)}\" data-status=\"{status}\">{image}<figcaption><span class=\"badge {status}\">{status}</span> ${row.CostUsd} · {E(row.JobId)}</figcaption></figure>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
