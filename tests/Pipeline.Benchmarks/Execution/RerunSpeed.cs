using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Benchmarks;

/// <summary>
/// Rerun of a finished campaign (issue 14: under 2 s for 2,000 jobs). One sandbox in its own process renders an N-job
/// campaign once; then K pairs of fresh processes, in alternating order: <c>pipeline run</c> of the same manifest
/// (which renders nothing: it checks every kept file, plans, and refreshes the report) and the naive baseline
/// (<see cref="NaiveRerun"/>: read <c>audit.csv</c>, SHA-256 every kept file). Each is timed as a user sees it, from
/// process start to exit. Usage: <c>rerun [N] [K] [--pipeline path/pipeline.dll]</c>.
/// </summary>
internal static class RerunSpeed
{
    public static async Task<int> RunAsync(string[] args)
    {
        var pipelineIndex = Array.IndexOf(args, "--pipeline");
        var pipeline = pipelineIndex >= 0 ? Path.GetFullPath(args[pipelineIndex + 1]) : ColdStart.DefaultPipeline();
        var numbers = args.Where((_, i) => pipelineIndex < 0 || (i != pipelineIndex && i != pipelineIndex + 1)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        var jobs = numbers.Length > 0 ? numbers[0] : 2000;
        var reruns = numbers.Length > 1 ? numbers[1] : 5;
        const int Concurrency = 24;
        var work = Directory.CreateTempSubdirectory("pipeline-rerun-");
        var port = ExecutorEfficiency.FreePort();
        using var sandbox = ExecutorEfficiency.StartSandbox(pipeline, port, TimeSpan.FromMilliseconds(50), Concurrency);
        try
        {
            await ExecutorEfficiency.WaitForPortAsync(port);
            var baseUrl = $"http://127.0.0.1:{port}/";
            var manifest = Path.Combine(work.FullName, "rerun.yaml");
            await File.WriteAllTextAsync(manifest, Manifest(jobs, Concurrency));
            var output = Path.Combine(work.FullName, "out");
            var run = ColdStart.Dotnet(pipeline, "run", manifest, "--provider", "bfl", "--base-url", baseUrl, "--output", output);
            var naive = ColdStart.Dotnet(typeof(RerunSpeed).Assembly.Location, "rerun-naive", Path.Combine(output, "rerun"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rerun of a finished campaign: N={jobs}, {reruns} pairs of fresh processes; sandbox {baseUrl} (own process); {pipeline}"));
            var first = await TimeAsync(run);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  first render: {first:0.00} s"));

            var times = new Dictionary<string, List<double>> { ["pipeline"] = [], ["naive"] = [] };
            var loads = new List<double>();
            for (var pair = 1; pair <= reruns; pair++)
            {
                foreach (var client in pair % 2 == 1 ? new[] { "pipeline", "naive" } : ["naive", "pipeline"])
                {
                    var load = ColdStart.Load();
                    loads.Add(load);
                    var seconds = await TimeAsync(client == "pipeline" ? run : naive);
                    times[client].Add(seconds);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  pair {pair} {client,-8} {seconds:0.000} s  (load {load:0.0})"));
                }
            }

            Console.WriteLine("  min / median / max:");
            foreach (var (client, seconds) in times)
            {
                Console.WriteLine($"    {client,-8}  {Spread(seconds, "0.000")} s");
            }

            Console.WriteLine($"  target: median < 2 s (pipeline median {Median(times["pipeline"]).ToString("0.000", CultureInfo.InvariantCulture)} s); load {Spread(loads, "0.0")}");
            return 0;
        }
        finally
        {
            sandbox.Kill(entireProcessTree: true);
            work.Delete(recursive: true);
        }
    }

    private static async Task<double> TimeAsync(ProcessStartInfo start)
    {
        var started = Stopwatch.GetTimestamp();
        await ColdStart.RunProcessAsync(start);
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Spread(List<double> values, string format) =>
        $"{values.Min().ToString(format, CultureInfo.InvariantCulture)} / {Median(values).ToString(format, CultureInfo.InvariantCulture)} / {values.Max().ToString(format, CultureInfo.InvariantCulture)}";

    private static string Manifest(int jobs, int concurrency) => string.Create(CultureInfo.InvariantCulture, $$"""
        version: 1
        campaign: rerun
        provider: bfl
        model: flux-pro-finetuned
        finetune_id: {{ColdStart.FinetuneId}}
        matrix:
          prompts:
            - id: kettle
              text: {{ColdStart.Prompt}}
          finetune_strengths: [0.8, 0.9, 1.0, 1.1]
          seeds: {count: {{(jobs + 3) / 4}}, start: 1}
          sizes: ["256x256"]
        params: {output_format: png}
        limits: {concurrency: {{concurrency}}, max_cost_usd: 100000}
        """);
}
