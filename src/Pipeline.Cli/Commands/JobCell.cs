using System.Globalization;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Cli.Commands;

/// <summary>A job as a person finds it in the matrix: prompt, finetune, strength, seed, ratio or size (issue 14, item 10).</summary>
internal static class JobCell
{
    public static string Of(AuditRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Describe(row.PromptId, row.FinetuneStrength, row.Seed, row.AspectRatio ?? (row.Width is { } w && row.Height is { } h ? $"{w}x{h}" : null));
    }

    public static string Of(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Describe(job.PromptId, job.FinetuneStrength, job.Seed, job.AspectRatio ?? job.Size?.ToString());
    }

    private static string Describe(string promptId, decimal? strength, long seed, string? shape)
    {
        var parts = new List<string> { "prompt=" + promptId };
        if (strength is { } s)
        {
            parts.Add("strength=" + s.ToString(CultureInfo.InvariantCulture));
        }

        parts.Add("seed=" + seed.ToString(CultureInfo.InvariantCulture));
        if (shape is not null)
        {
            parts.Add((shape.Contains(':', StringComparison.Ordinal) ? "ratio=" : "size=") + shape);
        }

        return string.Join(',', parts);
    }
}
