using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Benchmarks;

/// <summary>
/// Cold-start efficiency (issue 17): what a user gets from one scheduled <c>pipeline run</c>, JIT and all, beside
/// what a naive script gets (<see cref="NaiveClient"/>). One sandbox in its own process (latency T, active-task cap
/// C, request log on); then pairs of fresh processes, the pipeline and the naive client, each rendering N jobs at
/// concurrency C, the order alternating from pair to pair. Both are measured from the sandbox's request log by the
/// same rule (<see cref="RequestTimeline"/>). Usage: <c>cold [pairs] [N] [C] [T-ms] [--pipeline path/pipeline.dll]</c>.
/// </summary>
internal static class ColdStart
{
    public const string FinetuneId = "bench-ft";
    public const string Prompt = "a matte black kettle on a marble counter";
    public static readonly double[] Strengths = [0.6, 0.8, 1.0, 1.2];

    public static async Task<int> RunAsync(string[] args)
    {
        var pipelineIndex = Array.IndexOf(args, "--pipeline");
        var pipeline = pipelineIndex >= 0 ? Path.GetFullPath(args[pipelineIndex + 1]) : DefaultPipeline();
        var numbers = args.Where((_, i) => pipelineIndex < 0 || (i != pipelineIndex && i != pipelineIndex + 1)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        var pairs = numbers.Length > 0 ? numbers[0] : 5;
        var jobs = numbers.Length > 1 ? numbers[1] : 96;
        var concurrency = numbers.Length > 2 ? numbers[2] : 12;
        var latency = TimeSpan.FromMilliseconds(numbers.Length > 3 ? numbers[3] : 1000);
        var work = Directory.CreateTempSubdirectory("pipeline-cold-");
        var log = Path.Combine(work.FullName, "requests.jsonl");
        var port = ExecutorEfficiency.FreePort();
        using var sandbox = ExecutorEfficiency.StartSandbox(pipeline, port, latency, concurrency, "--request-log", log);
        try
        {
            await ExecutorEfficiency.WaitForPortAsync(port);
            var baseUrl = $"http://127.0.0.1:{port}/";
            var manifest = Path.Combine(work.FullName, "cold.yaml");
            await File.WriteAllTextAsync(manifest, Manifest(jobs, concurrency));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold start: {pairs} pairs of fresh processes, N={jobs} C={concurrency} T={latency.TotalMilliseconds:0} ms; sandbox {baseUrl} (own process); {pipeline}"));

            // The sandbox's own JIT is not what is measured: a real provider is warm.
            await RunProcessAsync(Naive(baseUrl, 2 * concurrency, concurrency, Path.Combine(work.FullName, "warm-up")));
            var results = new List<(string Client, RequestTimeline Timeline, double Load)>();
            for (var pair = 1; pair <= pairs; pair++)
            {
                var order = pair % 2 == 1 ? new[] { "pipeline", "naive" } : ["naive", "pipeline"];
                foreach (var client in order)
                {
                    var output = Path.Combine(work.FullName, $"{client}-{pair}");
                    var start = client == "pipeline"
                        ? Dotnet(pipeline, "run", manifest, "--provider", "bfl", "--base-url", baseUrl, "--output", output)
                        : Naive(baseUrl, jobs, concurrency, output);
                    var load = Load();
                    var offset = new FileInfo(log).Length;
                    await RunProcessAsync(start);
                    var timeline = RequestTimeline.Measure(await NewLinesAsync(log, offset), jobs, concurrency, latency);
                    results.Add((client, timeline, load));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  pair {pair} {client,-8} {timeline.Describe()}  (load {load:0.0})"));
                }
            }

            Summarize(results, pairs);
            return 0;
        }
        finally
        {
            sandbox.Kill(entireProcessTree: true);
            work.Delete(recursive: true);
        }
    }

    private static void Summarize(List<(string Client, RequestTimeline Timeline, double Load)> results, int pairs)
    {
        string Spread(IEnumerable<double> values, string format)
        {
            var sorted = values.Order().ToList();
            var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
            return string.Create(CultureInfo.InvariantCulture, $"{sorted[0].ToString(format, CultureInfo.InvariantCulture)} / {median.ToString(format, CultureInfo.InvariantCulture)} / {sorted[^1].ToString(format, CultureInfo.InvariantCulture)}");
        }

        Console.WriteLine("  min / median / max:");
        foreach (var client in new[] { "pipeline", "naive" })
        {
            var runs = results.Where(r => r.Client == client).Select(r => r.Timeline).ToList();
            var waves = runs[0].HandOffMs.Count;
            var handOff = string.Join(" ", Enumerable.Range(0, waves).Select(w => runs.Select(r => r.HandOffMs[w]).Order().ElementAt(runs.Count / 2).ToString("0", CultureInfo.InvariantCulture)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                    {client,-8}  efficiency {Spread(runs.Select(r => r.Efficiency), "0.000")}  polls/job {Spread(runs.Select(r => r.PollsPerJob), "0.00")}
                              median hand-off ms per wave: {handOff}
                """));
        }

        var ahead = Enumerable.Range(0, pairs).Count(p =>
            results.Where(r => r.Client == "pipeline").ElementAt(p).Timeline.Efficiency > results.Where(r => r.Client == "naive").ElementAt(p).Timeline.Efficiency);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  pipeline ahead in {ahead} of {pairs} pairs (targets: median >= 0.93, ahead in every pair, polls/job <= 1.5); load {Spread(results.Select(r => r.Load), "0.0")}"));
    }

    private static string Manifest(int jobs, int concurrency) => string.Create(CultureInfo.InvariantCulture, $$"""
        version: 1
        campaign: cold
        provider: bfl
        model: flux-pro-finetuned
        finetune_id: {{FinetuneId}}
        matrix:
          prompts:
            - id: kettle
              text: {{Prompt}}
          finetune_strengths: [{{string.Join(", ", Strengths.Select(s => s.ToString("0.0", CultureInfo.InvariantCulture)))}}]
          seeds: {count: {{(jobs + Strengths.Length - 1) / Strengths.Length}}, start: 1}
          sizes: ["256x256"]
        params: {output_format: png}
        limits: {concurrency: {{concurrency}}}
        """);

    /// <summary>The product's own build output, as a user runs it; else the copy beside this benchmark.</summary>
    internal static string DefaultPipeline()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var built = Path.Combine(folder.FullName, "src", "Pipeline.Cli", "bin", "Release", "net10.0", "pipeline.dll");
            if (File.Exists(Path.Combine(folder.FullName, "Pipeline.sln")) && File.Exists(built))
            {
                return built;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "pipeline.dll");
    }

    private static ProcessStartInfo Naive(string baseUrl, int jobs, int concurrency, string output) =>
        Dotnet(typeof(ColdStart).Assembly.Location, "naive", baseUrl, jobs.ToString(CultureInfo.InvariantCulture), concurrency.ToString(CultureInfo.InvariantCulture), output);

    internal static ProcessStartInfo Dotnet(string dll, params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["BFL_API_KEY"] = "any";
        return info;
    }

    internal static async Task RunProcessAsync(ProcessStartInfo info)
    {
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', info.ArgumentList)} exited {process.ExitCode}:\n{await output}\n{await error}");
        }
    }

    internal static async Task<List<string>> NewLinesAsync(string path, long offset)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    internal static double Load() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
}
