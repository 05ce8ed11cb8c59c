using System.Globalization;
using System.Text.Json;

namespace Pipeline.Benchmarks;

/// <summary>
/// One client run as the sandbox's request log saw it (<c>pipeline sandbox --request-log</c>), so every client is
/// timed by the server's clock and the same rule (issue 17):
/// efficiency = ceil(N / C) × T ÷ (first submit → last request). A completion becomes visible at the poll that
/// answered Ready; the k-th completion to become visible frees the slot the (C + k)-th submit takes, and the time
/// between the two is that slot's hand-off, counted in the wave of the task that freed it. Poll lag is the time from
/// a task's service end to its Ready poll.
/// </summary>
/// <param name="LastRequestAt">The last request's arrival, Unix milliseconds on the sandbox's clock (the host's clock).</param>
internal sealed record RequestTimeline(double Efficiency, double WallSeconds, double PollsPerJob, int Throttled, IReadOnlyList<double> HandOffMs, IReadOnlyList<double> PollLagMs, double LastRequestAt)
{
    /// <param name="lines">The log lines this run added.</param>
    public static RequestTimeline Measure(IEnumerable<string> lines, int jobs, int concurrency, TimeSpan serviceTime)
    {
        var submits = new List<(double At, string Id, double End)>();
        var ready = new Dictionary<string, double>(StringComparer.Ordinal);
        var polls = 0;
        var throttled = 0;
        var last = double.MinValue;
        foreach (var line in lines)
        {
            using var entry = JsonDocument.Parse(line);
            var root = entry.RootElement;
            var at = root.GetProperty("t").GetDouble();
            last = Math.Max(last, at);
            var id = root.GetProperty("id").GetString()!;
            switch (root.GetProperty("kind").GetString())
            {
                case "submit" when root.GetProperty("status").GetInt32() == 200:
                    submits.Add((at, id, root.GetProperty("end").GetDouble()));
                    break;
                case "submit":
                    throttled++;
                    break;
                case "poll":
                    polls++;
                    if (root.GetProperty("status").GetString() != "Pending")
                    {
                        ready.TryAdd(id, at);
                    }

                    break;
                default:
                    break;
            }
        }

        if (submits.Count != jobs || ready.Count != jobs)
        {
            throw new InvalidOperationException($"the log shows {submits.Count} accepted submits and {ready.Count} finished tasks, expected {jobs}");
        }

        submits.Sort((a, b) => a.At.CompareTo(b.At));
        var visible = submits.Select(s => ready[s.Id]).Order().ToList();
        var waves = (jobs + concurrency - 1) / concurrency;
        var handOff = new List<double>[waves - 1];
        var lag = new List<double>[waves];
        for (var w = 0; w < waves; w++)
        {
            lag[w] = [];
            if (w < waves - 1)
            {
                handOff[w] = [];
            }
        }

        for (var i = 0; i < jobs; i++)
        {
            lag[i / concurrency].Add(ready[submits[i].Id] - submits[i].End);
        }

        // The completion that freed slot k is matched in the order completions became visible, and counted in the wave
        // of that k-th completion's rank (k / C): the first C completions free the slots wave 2 takes.
        for (var k = 0; k + concurrency < jobs; k++)
        {
            handOff[k / concurrency].Add(submits[k + concurrency].At - visible[k]);
        }

        var wall = (last - submits[0].At) / 1000;
        return new RequestTimeline(
            waves * serviceTime.TotalSeconds / wall,
            wall,
            (double)polls / jobs,
            throttled,
            handOff.Select(h => h.Average()).ToList(),
            lag.Select(l => l.Average()).ToList(),
            last);
    }

    /// <summary>One line: the figures, then hand-off and poll lag per wave in milliseconds.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"efficiency {Efficiency:0.000}  wall {WallSeconds:0.00} s  polls/job {PollsPerJob:0.00}{(Throttled > 0 ? $"  429s {Throttled}" : "")}\n      hand-off ms per wave {Join(HandOffMs)}\n      poll lag ms per wave {Join(PollLagMs)}");

    private static string Join(IEnumerable<double> values) => string.Join(" ", values.Select(v => v.ToString("0", CultureInfo.InvariantCulture).PadLeft(4)));
}
