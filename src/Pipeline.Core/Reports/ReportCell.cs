using System.Globalization;
using Pipeline.Audit;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Reports;

/// <summary>
/// One grid cell: the image's thumbnail (lazy-loaded, sized by CSS; the original opens in the full view) with its
/// status badge, provider, cost, decision and a compare box, or a placeholder.
/// </summary>
internal static class ReportCell
{
    public static string Render(AuditRow? row, string? thumbnail, ReportLinks links, JobReview? review)
    {
        if (row is null)
        {
            return "<div class=\"placeholder\">not planned</div>";
        }

        var status = row.Status.ToWire();
        var title = $"{row.PromptId} · {row.AspectRatio ?? row.Model} · strength {ReportPage.Strength(row.FinetuneStrength)} · seed {row.Seed.ToString(CultureInfo.InvariantCulture)}";
        var href = row.File is { } file ? links.Campaign(file) : null;
        var picture = href is not null
            ? $"<button type=\"button\" class=\"open\" title=\"{E(title)}\"><img loading=\"lazy\" decoding=\"async\" src=\"{E(thumbnail is not null ? links.Report(thumbnail) : href)}\" alt=\"{E(title)}\"></button>"
            : $"<div class=\"placeholder\">{E(status.Replace('_', ' '))}</div>";
        var compare = href is not null ? "<label class=\"pick\" title=\"compare (c)\"><input type=\"checkbox\" class=\"compare\" tabindex=\"-1\">compare</label>" : string.Empty;
        var verdict = review?.Verdict?.ToWire() ?? string.Empty;
        var starred = review?.Starred == true ? "true" : "false";
        return string.Create(CultureInfo.InvariantCulture, $"""
            <figure class="cell" data-job="{E(row.JobId)}" data-status="{status}" data-seed="{row.Seed}" data-strength="{ReportPage.Strength(row.FinetuneStrength)}" data-provider="{E(row.Provider)}" data-decision="{verdict}" data-starred="{starred}" data-note="{E(review?.Note ?? string.Empty)}" data-title="{E(title)}" data-href="{E(href ?? string.Empty)}">{picture}<figcaption><span class="badge {status}">{status}</span><span class="provider">{E(row.Provider)}</span><span class="cost">${row.CostUsd}</span></figcaption><div class="marks"><span class="decision"></span>{compare}</div></figure>
            """);
    }

    private static string E(string text) => ReportPage.E(text);
}
