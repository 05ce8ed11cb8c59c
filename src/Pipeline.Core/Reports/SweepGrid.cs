using System.Globalization;
using Pipeline.Audit;
using Pipeline.Records;

namespace Pipeline.Reports;

/// <summary>
/// One contact sheet of the report: a prompt at one aspect ratio or size (and one finetune when the campaign has
/// several), with seeds as rows and finetune strengths as columns: the strength-sweep grid.
/// </summary>
/// <param name="Shape">The aspect ratio (<c>16:9</c>) or pixel size (<c>1024x768</c>).</param>
/// <param name="FinetuneId">Null for base models.</param>
/// <param name="Strengths">Column labels, ascending; a single null for base models (no strength axis).</param>
/// <param name="Seeds">Row labels, ascending.</param>
internal sealed record SweepGrid(
    string PromptId,
    string Prompt,
    string Shape,
    string? FinetuneId,
    bool ShowFinetune,
    IReadOnlyList<decimal?> Strengths,
    IReadOnlyList<long> Seeds,
    IReadOnlyDictionary<(long Seed, decimal? Strength), AuditRow> Cells)
{
    /// <summary>The CSS aspect ratio of the images (<c>2752/1536</c>): the pixels of a file when known, else the shape.</summary>
    public string CssRatio =>
        Cells.Values.FirstOrDefault(r => r.Width > 0 && r.Height > 0) is { } row
            ? string.Create(CultureInfo.InvariantCulture, $"{row.Width}/{row.Height}")
            : Shape.Split(':', 'x') is [var w, var h] && int.TryParse(w, CultureInfo.InvariantCulture, out _) && int.TryParse(h, CultureInfo.InvariantCulture, out _) ? $"{w}/{h}" : "1";

    /// <summary>The latest outcome at one grid point, or null when the plan had no job there.</summary>
    public AuditRow? At(long seed, decimal? strength) => Cells.GetValueOrDefault((seed, strength));

    /// <summary>Groups the latest outcome of every job into grids, by prompt (first-seen order), shape and finetune.</summary>
    public static IReadOnlyList<SweepGrid> Build(IReadOnlyList<AuditRow> latest)
    {
        ArgumentNullException.ThrowIfNull(latest);
        var severalFinetunes = latest.Select(r => r.FinetuneId).Distinct(StringComparer.Ordinal).Count() > 1;
        return latest
            .GroupBy(r => (r.PromptId, Shape: ShapeOf(r), r.FinetuneId))
            // By prompt id, not by first appearance: jobs finish in no fixed order (renders start interleaved across the
            // matrix), and the same folder must always give the same page.
            .OrderBy(g => g.Key.PromptId, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Shape, StringComparer.Ordinal)
            .ThenBy(g => g.Key.FinetuneId, StringComparer.Ordinal)
            .Select(g => new SweepGrid(
                g.Key.PromptId,
                g.Last().Prompt,
                g.Key.Shape,
                g.Key.FinetuneId,
                severalFinetunes,
                g.Select(r => r.FinetuneStrength).Distinct().Order().ToList(),
                g.Select(r => r.Seed).Distinct().Order().ToList(),
                g.GroupBy(r => (r.Seed, r.FinetuneStrength)).ToDictionary(c => c.Key, c => c.Last())))
            .ToList();
    }

    /// <summary>
    /// The aspect ratio; for sized models the size from the file name (<c>1024x768</c>, the requested size), else the
    /// pixels in the file; for a sized job that left no file the size is not recorded.
    /// </summary>
    private static string ShapeOf(AuditRow row) =>
        row.AspectRatio
        ?? (row.File is { } file ? ParseSize(Path.GetFileName(file)) : null)
        ?? (row.Width is { } w && row.Height is { } h ? $"{w}x{h}" : row.Model.Contains("fill", StringComparison.Ordinal) ? "fill" : "size not recorded");

    /// <summary>The <c>WxH</c> part of a file name such as <c>kettle_1024x768_ft1_s1_….jpg</c>.</summary>
    private static string? ParseSize(string fileName) =>
        fileName.Split('_').FirstOrDefault(part => part.Split('x') is [var w, var h] && w.Length > 0 && h.Length > 0 && w.All(char.IsAsciiDigit) && h.All(char.IsAsciiDigit));
}
