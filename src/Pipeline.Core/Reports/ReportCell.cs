using System.Globalization;
using Pipeline.Audit;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Reports;

/// <summary>One grid cell: the image's thumbnail (lazy-loaded, sized by CSS; the original opens in the full view) with its status badge and cost, or a placeholder.</summary>
internal static class ReportCell
{
    public static string Render(AuditRow? row, string? thumbnail)
    {
        if (row is null)
        {
            return "<div class=\"placeholder\">not planned</div>";
        }

        var status = row.Status.ToWire();
        var title = $"{row.PromptId} · {row.AspectRatio ?? row.Model} · strength {ReportPage.Strength(row.FinetuneStrength)} · seed {row.Seed.ToString(CultureInfo.InvariantCulture)}";
        var href = row.File is { } file ? "../" + string.Join('/', file.Split('/').Select(Uri.EscapeDataString)) : null;
        var picture = href is not null
            ? $"<button type=\"button\" title=\"{E(title)}\"><img loading=\"lazy\" decoding=\"async\" src=\"{E(thumbnail ?? href)}\" alt=\"{E(title)}\"></button>"
            : $"<div class=\"placeholder\">{E(status.Replace('_', ' '))}</div>";
        return string.Create(CultureInfo.InvariantCulture, $"""
            <figure class="cell" data-job="{E(row.JobId)}" data-status="{status}" data-seed="{row.Seed}" data-strength="{ReportPage.Strength(row.FinetuneStrength)}" data-title="{E(title)}" data-href="{E(href ?? string.Empty)}">{picture}<figcaption><span class="badge {status}">{status}</span><span class="cost">${row.CostUsd}</span></figcaption></figure>
            """);
    }

    private static string E(string text) => ReportPage.E(text);
}
