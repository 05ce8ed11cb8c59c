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
/// Executor efficiency (issue 4): ideal / actual wall time for N jobs at concurrency C against a sandbox with a
/// fixed latency T, where ideal = ceil(N / C) × T. The sandbox runs in its own process so the CPU figure is the
/// executor's alone. Orchestration is that CPU less what the run spent verifying and filing results (measured on the
/// thread clock around that step), which grows with image size rather than with the number of jobs.
/// Then a bare HttpClient renders the same jobs (<see cref="TransportFloor"/>): what the protocol's requests alone cost
/// on this machine, which moves with the host's load as the executor's figure does.
/// A warm-up campaign of 10 × C jobs runs first, as any benchmark warms up: the JIT compiles the engine's code
/// twice (quick, then optimised) in the first seconds of a process, a one-time cost a campaign of thousands of
/// jobs does not pay per job. Its CPU is printed too. Usage: <c>executor [N] [C] [T-ms] [renditions]</c>; <c>renditions</c> adds
/// three renditions per image (issue 15: efficiency within 2% of the same run without them).
/// </summary>
internal static class ExecutorEfficiency
{
    public static async Task<int> RunAsync(string[] args)
    {
        var jobs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 24;
        var latency = TimeSpan.FromMilliseconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 500);
        var renditions = args.Length > 3 && args[3] == "renditions";
        var work = Directory.CreateTempSubdirectory("pipeline-bench-");
        var port = FreePort();
        using var sandbox = StartSandbox(Path.Combine(AppContext.BaseDirectory, "pipeline.dll"), port, latency, concurrency);
        try
        {
            await WaitForPortAsync(port);
            await using var services = new ServiceCollection()
                .AddPipelineEngine(name => name == "BFL_API_KEY" ? "bench" : null)
                .AddSingleton<ISandboxHost, NoSandbox>()
                .BuildServiceProvider();
            var runner = services.GetRequiredService<CampaignRunner>();
            var baseUrl = new Uri($"http://127.0.0.1:{port}/");
            var warmUpJobs = 10 * concurrency;
            var (_, warmUpUser, warmUpKernel, _) = await RenderAsync(runner, work.FullName, "warm-up", warmUpJobs, concurrency, baseUrl, renditions);

            using var memory = new MemorySampler();
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var collectionsBefore = GC.CollectionCount(0);
            var (summary, user, kernel, elapsed) = await RenderAsync(runner, work.FullName, "bench", jobs, concurrency, baseUrl, renditions);
            var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
            var collections = GC.CollectionCount(0) - collectionsBefore;
            var floor = await TransportFloor.MeasureAsync(baseUrl, jobs, concurrency, latency, CancellationToken.None);

            var ideal = latency * Math.Ceiling((double)jobs / concurrency);
            var succeeded = summary.Count(JobStatus.Succeeded);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                executor efficiency: N={jobs} C={concurrency} T={latency.TotalMilliseconds:0} ms{(renditions ? ", 3 renditions per image" : string.Empty)}
                  succeeded         {succeeded}/{jobs}
                  ideal wall time   {ideal.TotalSeconds:0.00} s  (ceil(N/C) x T)
                  actual wall time  {elapsed.TotalSeconds:0.00} s
                  efficiency        {ideal / elapsed:0.000}  (target >= 0.95)
                  polls per job     {(double)summary.Polls / jobs:0.00}  (target <= 3)
                  CPU per job       {(user + kernel - summary.FilingCpu).TotalMilliseconds / jobs:0.000} ms orchestration  (target < 1 ms)
                                    {summary.FilingCpu.TotalMilliseconds / jobs:0.000} ms verifying and filing results (inspect, provenance, fsynced write, sidecar)
                                    {(user + kernel).TotalMilliseconds / jobs:0.000} ms in all ({user.TotalMilliseconds / jobs:0.000} user + {kernel.TotalMilliseconds / jobs:0.000} kernel, executor process)
                  transport floor   {floor.Cpu.TotalMilliseconds / jobs:0.000} ms CPU per job for the HTTP alone: a bare HttpClient, same jobs and pacing, {floor.Requests / (double)jobs:0.00} requests per job
                                    (orchestration = {(user + kernel - summary.FilingCpu) / floor.Cpu:0.00} x floor; the executor made {(2.0 * jobs + summary.Polls) / jobs:0.00} requests per job)
                  memory            {memory.Describe()}
                  allocated         {allocated / 1024.0 / jobs:0} KB per job; {collections} gen-0 collections; {ThreadPool.ThreadCount} pool threads
                  renditions        {summary.Renditions.Derived} derived, {summary.Renditions.Failed} failed (the run waits for them)
                  warm-up           {warmUpJobs} jobs first, {(warmUpUser + warmUpKernel).TotalMilliseconds / warmUpJobs:0.00} ms CPU per job (JIT included)
                """));
            return succeeded == jobs ? 0 : 1;
        }
        finally
        {
            sandbox.Kill(entireProcessTree: true);
            work.Delete(recursive: true);
        }
    }

    private static async Task<(RunSummary Summary, TimeSpan User, TimeSpan Kernel, TimeSpan Elapsed)> RenderAsync(CampaignRunner runner, string work, string campaign, int jobs, int concurrency, Uri baseUrl, bool renditions)
    {
        var manifest = Path.Combine(work, campaign + ".yaml");
        await File.WriteAllTextAsync(manifest, Manifest(campaign, jobs, concurrency) + (renditions ? Renditions : string.Empty));
        var prepared = runner.Prepare(new RunRequest(manifest, Path.Combine(work, "out"), BaseUrl: baseUrl));
        var before = Process.GetCurrentProcess();
        var (userBefore, kernelBefore) = (before.UserProcessorTime, before.PrivilegedProcessorTime);
        var clock = Stopwatch.StartNew();
        var summary = await runner.RunAsync(prepared, null, CancellationToken.None);
        clock.Stop();
        var after = Process.GetCurrentProcess();
        return (summary, after.UserProcessorTime - userBefore, after.PrivilegedProcessorTime - kernelBefore, clock.Elapsed);
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
