using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Audit;
using Pipeline.Execution;
using Pipeline.Domain;

using Pipeline.Hosting;

namespace Pipeline.Benchmarks;

/// <summary>
/// Executor efficiency (issue 4): ideal ÷ actual time for N jobs at concurrency C against a sandbox with a fixed latency
/// T, where ideal = ceil(N / C) × T and actual is the provider-facing span, first submit → last provider request, read
/// from the sandbox's request log by the cold benchmark's rule (<see cref="RequestTimeline"/>). The whole run (from the
/// call to its summary: history, lock and the wait for renditions included) is printed beside it, and the tail: from
/// the last provider request until the run returns, which with renditions is until the last rendition is written.
/// The sandbox runs in its own process so the CPU figure is the executor's alone. Orchestration is that CPU less what
/// the run spent verifying and filing results and deriving renditions (each measured on its threads' CPU clocks).
/// Then a bare HttpClient renders the same jobs (<see cref="TransportFloor"/>): what the protocol's requests alone cost
/// on this machine, which moves with the host's load as the executor's figure does.
/// A warm-up campaign of 10 × C jobs runs first, as any benchmark warms up: the JIT compiles the engine's code
/// twice (quick, then optimised) in the first seconds of a process, a one-time cost a campaign of thousands of
/// jobs does not pay per job. Its CPU is printed too.
/// Usage: <c>executor [N] [C] [T-ms]</c>, or <c>executor [N] [C] [T-ms] renditions [pairs]</c>: the same campaign without
/// and with three renditions per image, in alternating order, <c>pairs</c> times (default 1), then issue 15's target:
/// provider-facing efficiency with renditions within 2% of the run without them.
/// </summary>
internal static class ExecutorEfficiency
{
    public static async Task<int> RunAsync(string[] args)
    {
        var jobs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 24;
        var latency = TimeSpan.FromMilliseconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 500);
        var renditions = args.Length > 3 && args[3] == "renditions";
        var pairs = renditions && args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1;
        var work = Directory.CreateTempSubdirectory("pipeline-bench-");
        var port = FreePort();
        var requestLog = Path.Combine(work.FullName, "requests.jsonl");
        using var sandbox = StartSandbox(Path.Combine(AppContext.BaseDirectory, "pipeline.dll"), port, latency, concurrency, "--request-log", requestLog);
        try
        {
            await WaitForPortAsync(port);
            await using var services = new ServiceCollection()
                .AddPipelineEngine(name => name == "BFL_API_KEY" ? "bench" : null)
                .AddSingleton<ISandboxHost, NoSandbox>()
                .BuildServiceProvider();
            var bench = new Bench(services.GetRequiredService<CampaignRunner>(), work.FullName, new Uri($"http://127.0.0.1:{port}/"), requestLog, concurrency, latency);
            var warmUp = await bench.RenderAsync("warm-up", 10 * concurrency, renditions);
            if (renditions)
            {
                return await CompareAsync(bench, jobs, pairs, warmUp);
            }

            var run = await bench.RenderAsync("bench", jobs, renditions: false);
            var floor = await TransportFloor.MeasureAsync(bench.BaseUrl, jobs, concurrency, latency, CancellationToken.None);
            Console.WriteLine(run.Describe());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                  transport floor   {floor.Cpu.TotalMilliseconds / jobs:0.000} ms CPU per job for the HTTP alone: a bare HttpClient, same jobs and pacing, {floor.Requests / (double)jobs:0.00} requests per job
                                    (orchestration = {run.Orchestration / floor.Cpu:0.00} x floor; the executor made {(2.0 * jobs + run.Summary.Polls) / jobs:0.00} requests per job)
                  warm-up           {warmUp.Jobs} jobs first, {warmUp.Cpu.TotalMilliseconds / warmUp.Jobs:0.00} ms CPU per job (JIT included)
                """));
            return run.AllSucceeded ? 0 : 1;
        }
        finally
        {
            sandbox.Kill(entireProcessTree: true);
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Issue 15: the same campaign without and with three renditions per image, alternating which goes first, so that a
    /// change in the host's load between two runs falls on both sides; then the ratio of the provider-facing figures.
    /// </summary>
    private static async Task<int> CompareAsync(Bench bench, int jobs, int pairs, Measured warmUp)
    {
        var plain = new List<Measured>();
        var with = new List<Measured>();
        for (var pair = 1; pair <= pairs; pair++)
        {
            foreach (var renditions in pair % 2 == 1 ? new[] { false, true } : [true, false])
            {
                var run = await bench.RenderAsync($"bench-{pair}{(renditions ? "-renditions" : string.Empty)}", jobs, renditions);
                (renditions ? with : plain).Add(run);
                Console.WriteLine(run.Describe());
            }
        }

        static string Each(IEnumerable<Measured> runs, Func<Measured, double> figure, string format) =>
            string.Join(", ", runs.Select(r => figure(r).ToString(format, CultureInfo.InvariantCulture)));
        var ratio = with.Average(r => r.Timeline.Efficiency) / plain.Average(r => r.Timeline.Efficiency);
        var wholeRatio = with.Average(r => r.WholeRunEfficiency) / plain.Average(r => r.WholeRunEfficiency);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            renditions or none: N={jobs} C={bench.Concurrency} T={bench.Latency.TotalMilliseconds:0} ms, {pairs} pair(s) in alternating order, after a warm-up of {warmUp.Jobs} jobs with renditions
              provider-facing   without {Each(plain, r => r.Timeline.Efficiency, "0.000")}; with renditions {Each(with, r => r.Timeline.Efficiency, "0.000")}: ratio of means {ratio:0.000}  (target >= 0.980, within 2%: {(ratio >= 0.98 ? "met" : "NOT met")})
              whole run         without {Each(plain, r => r.WholeRunEfficiency, "0.000")}; with renditions {Each(with, r => r.WholeRunEfficiency, "0.000")}: ratio of means {wholeRatio:0.000}  (the run waits for its renditions)
              tail              without {Each(plain, r => r.Tail.TotalSeconds, "0.00")} s; with renditions {Each(with, r => r.Tail.TotalSeconds, "0.00")} s  (last provider request -> run's end: the last rendition written)
              rendition CPU     {with.Average(r => r.Summary.Renditions.Cpu.TotalMilliseconds) / jobs:0.00} ms per image (3 renditions) on the rendition workers
              GC pauses         without {Each(plain, r => r.GcPause.TotalMilliseconds, "0")} ms; with renditions {Each(with, r => r.GcPause.TotalMilliseconds, "0")} ms  (every thread stops)
              load average      {Each(plain.Concat(with), r => r.LoadBefore, "0.0")} before each run
            """));
        return plain.Concat(with).All(r => r.AllSucceeded) ? 0 : 1;
    }

    /// <summary>One campaign rendered through the runner, as the sandbox's log and the process's CPU clocks saw it.</summary>
    private sealed record Measured(int Jobs, int Concurrency, TimeSpan Latency, bool Renditions, RunSummary Summary, TimeSpan User, TimeSpan Kernel, TimeSpan Elapsed, RequestTimeline Timeline, TimeSpan Tail, double LoadBefore, double LoadAfter, string Memory, double AllocatedKbPerJob, int Collections, TimeSpan GcPause)
    {
        public TimeSpan Cpu => User + Kernel;

        public TimeSpan Orchestration => Cpu - Summary.FilingCpu - Summary.Renditions.Cpu;

        public bool AllSucceeded => Summary.Count(JobStatus.Succeeded) == Jobs;

        public TimeSpan Ideal => Latency * Math.Ceiling((double)Jobs / Concurrency);

        public double WholeRunEfficiency => Ideal / Elapsed;

        public string Describe()
        {
            var r = Summary.Renditions;
            return string.Create(CultureInfo.InvariantCulture, $"""
                executor efficiency: N={Jobs} C={Concurrency} T={Latency.TotalMilliseconds:0} ms{(Renditions ? ", 3 renditions per image" : string.Empty)}  (load average {LoadBefore:0.00} before, {LoadAfter:0.00} after)
                  succeeded         {Summary.Count(JobStatus.Succeeded)}/{Jobs}
                  ideal wall time   {Ideal.TotalSeconds:0.00} s  (ceil(N/C) x T)
                  provider-facing   {Timeline.WallSeconds:0.00} s  (first submit -> last provider request, by the sandbox's log)
                  efficiency        {Timeline.Efficiency:0.000}  (target >= 0.95)
                  whole run         {Elapsed.TotalSeconds:0.00} s, efficiency {WholeRunEfficiency:0.000}; it ended {Tail.TotalSeconds:0.00} s after the last provider request{(Renditions ? " (the rendition tail)" : string.Empty)}
                  polls per job     {(double)Summary.Polls / Jobs:0.00}  (target <= 3)
                  CPU per job       {Orchestration.TotalMilliseconds / Jobs:0.000} ms orchestration  (target < 1 ms)
                                    {Summary.FilingCpu.TotalMilliseconds / Jobs:0.000} ms verifying and filing results (inspect, provenance, fsynced write, sidecar)
                                    {r.Cpu.TotalMilliseconds / Jobs:0.000} ms deriving renditions (on the rendition workers)
                                    {Cpu.TotalMilliseconds / Jobs:0.000} ms in all ({User.TotalMilliseconds / Jobs:0.000} user + {Kernel.TotalMilliseconds / Jobs:0.000} kernel, executor process)
                  memory            {Memory}
                  allocated         {AllocatedKbPerJob:0} KB per job; {Collections} gen-0 collections pausing the process {GcPause.TotalMilliseconds:0} ms in all; {ThreadPool.ThreadCount} pool threads
                  renditions        {r.Derived} derived, {r.Failed} failed (the run waits for them)
                """);
        }
    }

    /// <summary>The runner, the sandbox and its request log, shared by every campaign of one benchmark process.</summary>
    private sealed record Bench(CampaignRunner Runner, string Work, Uri BaseUrl, string RequestLog, int Concurrency, TimeSpan Latency)
    {
        public async Task<Measured> RenderAsync(string campaign, int jobs, bool renditions)
        {
            var manifest = Path.Combine(Work, campaign + ".yaml");
            await File.WriteAllTextAsync(manifest, Manifest(campaign, jobs, Concurrency) + (renditions ? Renditions : string.Empty));
            var prepared = Runner.Prepare(new RunRequest(manifest, Path.Combine(Work, "out"), BaseUrl: BaseUrl));
            var planned = prepared.Plan.Jobs.Count;
            var loadBefore = ColdStart.Load();
            var offset = new FileInfo(RequestLog).Length;
            using var memory = new MemorySampler();
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var collectionsBefore = GC.CollectionCount(0);
            var pausedBefore = GC.GetTotalPauseDuration();
            var before = Process.GetCurrentProcess();
            var (userBefore, kernelBefore) = (before.UserProcessorTime, before.PrivilegedProcessorTime);
            var clock = Stopwatch.StartNew();
            var summary = await Runner.RunAsync(prepared, null, CancellationToken.None);
            clock.Stop();
            var ended = DateTimeOffset.UtcNow;
            var after = Process.GetCurrentProcess();
            var allocated = (GC.GetTotalAllocatedBytes() - allocatedBefore) / 1024.0 / planned;
            var timeline = RequestTimeline.Measure(await ColdStart.NewLinesAsync(RequestLog, offset), planned, Concurrency, Latency);
            var tail = ended - DateTimeOffset.UnixEpoch - TimeSpan.FromMilliseconds(timeline.LastRequestAt);
            return new Measured(
                planned, Concurrency, Latency, renditions, summary, after.UserProcessorTime - userBefore, after.PrivilegedProcessorTime - kernelBefore, clock.Elapsed,
                timeline, tail, loadBefore, ColdStart.Load(), memory.Describe(), allocated, GC.CollectionCount(0) - collectionsBefore, GC.GetTotalPauseDuration() - pausedBefore);
        }
    }

    /// <summary>
    /// Three renditions of every master (<c>executor N C T renditions</c>), to compare efficiency with and without them:
    /// each format, cover and contain, in proportion to the harness's 256×256 masters (a real campaign's renditions are
    /// smaller than its 4 MP masters too; the 4 MP case is <c>RenditionBenchmarks</c>).
    /// </summary>
    private const string Renditions = """

        renditions:
          - {name: feed, size: 216x270, format: jpeg}
          - {name: hero, width: 192, format: webp}
          - {name: square, size: 128x128, fit: contain, format: png}
        """;

    private static string Manifest(string campaign, int jobs, int concurrency)
    {
        const int Prompts = 20;
        var seeds = (jobs + Prompts - 1) / Prompts;
        var prompts = string.Join("\n", Enumerable.Range(0, Prompts).Select(i => $"    - id: p{i}\n      text: bench prompt {i}"));
        return string.Create(CultureInfo.InvariantCulture, $$"""
            version: 1
            campaign: {{campaign}}
            provider: bfl
            model: flux-pro-finetuned
            finetune_id: bench-ft
            matrix:
              prompts:
            {{prompts}}
              finetune_strengths: [1.0]
              seeds: {count: {{seeds}}, start: 1}
              sizes: ["256x256"]
            params: {output_format: png}
            limits: {concurrency: {{concurrency}}, max_attempts: 4}
            """);
    }

    /// <summary>Starts <c>pipeline sandbox</c> from <paramref name="pipeline"/> (a pipeline.dll) in its own process.</summary>
    internal static Process StartSandbox(string pipeline, int port, TimeSpan latency, int cap, params string[] extra)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            pipeline, "sandbox",
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--latency-ms", latency.TotalMilliseconds.ToString(CultureInfo.InvariantCulture),
            "--active-task-cap", cap.ToString(CultureInfo.InvariantCulture),
        }.Concat(extra))
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start the sandbox");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static async Task WaitForPortAsync(int port)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException("the sandbox did not start");
    }

    private sealed class NoSandbox : ISandboxHost
    {
        public Task<Uri> StartAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("the benchmark uses an external sandbox");
    }

    /// <summary>
    /// Samples the resident set every 500 ms (from <c>/proc/self/statm</c>, one small read, where the platform has it):
    /// peak, and the level at each quarter of the run.
    /// </summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly List<long> _samples = [];
        private readonly Timer _timer;

        public MemorySampler() => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));

        public string Describe()
        {
            lock (_samples)
            {
                if (_samples.Count == 0)
                {
                    return "no samples";
                }

                var quarters = Enumerable.Range(1, 4).Select(q => _samples[Math.Min(_samples.Count - 1, (_samples.Count * q / 4) - 1)] / 1048576.0);
                return string.Create(CultureInfo.InvariantCulture, $"peak {_samples.Max() / 1048576.0:0} MB resident; at 25/50/75/100%: {string.Join(" / ", quarters.Select(m => m.ToString("0", CultureInfo.InvariantCulture)))} MB");
            }
        }

        public void Dispose() => _timer.Dispose();

        private static long Resident()
        {
            try
            {
                var pages = File.ReadAllText("/proc/self/statm").Split(' ')[1];
                return long.Parse(pages, CultureInfo.InvariantCulture) * Environment.SystemPageSize;
            }
            catch (IOException)
            {
                return Environment.WorkingSet;
            }
            catch (UnauthorizedAccessException)
            {
                return Environment.WorkingSet;
            }
        }

        private void Sample()
        {
            var resident = Resident();
            lock (_samples)
            {
                _samples.Add(resident);
            }
        }
    }
}
