using System.Numerics;
using Pipeline.Domain;

namespace Pipeline.Execution;

/// <summary>
/// The order jobs are started in, so that a run cut short (budget, Ctrl+C, a stop) has sampled the whole matrix
/// evenly rather than its first prompt (docs/architecture.md#37-render-order-covers-the-matrix): every cell
/// (prompt, finetune, strength, ratio or size) gets its first seed before any gets a second; within one seed round
/// the prompts take turns, and each prompt's cells are visited spread out (bit-reversed index), so the first few
/// jobs of a prompt already span its strengths. Deterministic: the same plan always starts in the same order.
/// </summary>
public static class RenderOrder
{
    public static IReadOnlyList<Job> Of(IReadOnlyList<Job> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var prompts = new Dictionary<string, int>(StringComparer.Ordinal);
        var cellCount = new Dictionary<string, int>(StringComparer.Ordinal);
        var cells = new Dictionary<(string, string?, decimal?, string), (int Index, int Seeds)>();
        var keyed = new List<(int Round, int Cell, int Prompt, int Index, Job Job)>(jobs.Count);
        for (var i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i];
            var prompt = prompts.TryGetValue(job.PromptId, out var p) ? p : prompts[job.PromptId] = prompts.Count;
            var key = (job.PromptId, job.FinetuneId, job.FinetuneStrength, job.AspectRatio ?? job.Size?.ToString() ?? string.Empty);
            if (!cells.TryGetValue(key, out var cell))
            {
                var index = cellCount.GetValueOrDefault(job.PromptId);
                cellCount[job.PromptId] = index + 1;
                cell = (index, 0);
            }

            cells[key] = (cell.Index, cell.Seeds + 1);
            keyed.Add((cell.Seeds, cell.Index, prompt, i, job));
        }

        return keyed
            .OrderBy(k => k.Round)
            .ThenBy(k => Spread(k.Cell, cellCount[k.Job.PromptId]))
            .ThenBy(k => k.Prompt)
            .ThenBy(k => k.Index)
            .Select(k => k.Job)
            .ToList();
    }

    /// <summary>The bit-reversed index within <paramref name="count"/> cells: 0, 4, 2, 6, 1, 5, 3, 7 for eight.</summary>
    private static long Spread(int index, int count)
    {
        var bits = count <= 1 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)(count - 1));
        return bits == 0 ? 0 : (long)(ReverseBits((uint)index) >> (32 - bits));
    }

    private static uint ReverseBits(uint value)
    {
        var result = 0u;
        for (var i = 0; i < 32; i++)
        {
            result = (result << 1) | (value & 1);
            value >>= 1;
        }

        return result;
    }
}
