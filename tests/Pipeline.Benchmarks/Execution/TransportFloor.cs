using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pipeline.Benchmarks;

/// <summary>
/// What the HTTP exchange alone costs on this machine: a bare <see cref="HttpClient"/> renders the same number of
/// jobs on the same sandbox at the same concurrency, each a BFL submit, a poll at the service time (again every
/// 50 ms until ready) and the download, with no ledger, budget, verification or files. The executor's CPU per job
/// less this floor is what orchestration adds over any client of the protocol.
/// </summary>
internal static class TransportFloor
{
    public static async Task<(TimeSpan Cpu, long Requests)> MeasureAsync(Uri baseUrl, int jobs, int concurrency, TimeSpan latency, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = baseUrl };
        http.DefaultRequestHeaders.Add("x-key", "bench");
        await RenderAsync(http, 2 * concurrency, concurrency, latency, cancellationToken); // JIT and connections warm.
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        var requests = await RenderAsync(http, jobs, concurrency, latency, cancellationToken);
        process.Refresh();
        return (process.TotalProcessorTime - before, requests);
    }

    private static async Task<long> RenderAsync(HttpClient http, int jobs, int concurrency, TimeSpan latency, CancellationToken cancellationToken)
    {
        long requests = 0;
        using var slots = new SemaphoreSlim(concurrency);
        var running = new List<Task>(jobs);
        for (var i = 0; i < jobs; i++)
        {
            await slots.WaitAsync(cancellationToken);
            var seed = i;
            running.Add(Task.Run(
                async () =>
                {
                    try
                    {
                        Interlocked.Add(ref requests, await RenderOneAsync(http, seed, latency, cancellationToken));
                    }
                    finally
                    {
                        slots.Release();
                    }
                },
                cancellationToken));
        }

        await Task.WhenAll(running);
        return requests;
    }

    private static async Task<int> RenderOneAsync(HttpClient http, int seed, TimeSpan latency, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, object> { ["finetune_id"] = "bench-ft", ["prompt"] = "floor", ["seed"] = seed, ["width"] = 256, ["height"] = 256, ["output_format"] = "png" };
        using var submitted = await http.PostAsJsonAsync("v1/flux-pro-finetuned", body, cancellationToken);
        submitted.EnsureSuccessStatusCode();
        using var task = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync(cancellationToken));
        var pollingUrl = task.RootElement.GetProperty("polling_url").GetString()!;
        var requests = 1;
        await Task.Delay(latency, cancellationToken);
        while (true)
        {
            requests++;
            using var poll = JsonDocument.Parse(await http.GetStringAsync(pollingUrl, cancellationToken));
            if (poll.RootElement.GetProperty("status").GetString() == "Ready")
            {
                var sample = poll.RootElement.GetProperty("result").GetProperty("sample").GetString()!;
                _ = await http.GetByteArrayAsync(sample, cancellationToken);
                return requests + 1;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }
}
