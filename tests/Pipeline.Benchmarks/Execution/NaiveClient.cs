using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pipeline.Benchmarks;

/// <summary>
/// The client issue 17 measures the pipeline against: what a 20-line script does. A fixed pool of C threads, each
/// taking the next job: submit, sleep 250 ms, poll, until Ready, then download the sample and write it to a file.
/// No ledger, budget, verification or audit; a 429 is retried after 250 ms. It runs in a fresh process per run, as
/// <c>pipeline run</c> does in the cold benchmark (<see cref="ColdStart"/>). Usage: <c>naive URL N C DIR</c>.
/// </summary>
internal static class NaiveClient
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);

    public static int Run(string[] args)
    {
        var baseUrl = new Uri(args[0]);
        var jobs = int.Parse(args[1], CultureInfo.InvariantCulture);
        var concurrency = int.Parse(args[2], CultureInfo.InvariantCulture);
        var folder = Directory.CreateDirectory(args[3]).FullName;
        using var http = new HttpClient { BaseAddress = baseUrl };
        http.DefaultRequestHeaders.Add("x-key", "any");
        var next = -1;
        var failed = 0;
        var threads = Enumerable.Range(0, concurrency).Select(_ => new Thread(() =>
        {
            int job;
            while ((job = Interlocked.Increment(ref next)) < jobs)
            {
                if (!Render(http, job, folder))
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return failed == 0 ? 0 : 1;
    }

    private static bool Render(HttpClient http, int job, string folder)
    {
        var body = new Dictionary<string, object>
        {
            ["finetune_id"] = ColdStart.FinetuneId,
            ["prompt"] = ColdStart.Prompt,
            ["finetune_strength"] = ColdStart.Strengths[job % ColdStart.Strengths.Length],
            ["seed"] = 1 + (job / ColdStart.Strengths.Length),
            ["width"] = 256,
            ["height"] = 256,
            ["output_format"] = "png",
        };
        string pollingUrl;
        while (true)
        {
            using var submit = http.Send(new HttpRequestMessage(HttpMethod.Post, "v1/flux-pro-finetuned") { Content = JsonContent.Create(body) });
            if (submit.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Thread.Sleep(PollEvery);
                continue;
            }

            submit.EnsureSuccessStatusCode();
            using var task = JsonDocument.Parse(submit.Content.ReadAsStream());
            pollingUrl = task.RootElement.GetProperty("polling_url").GetString()!;
            break;
        }

        while (true)
        {
            Thread.Sleep(PollEvery);
            using var poll = http.Send(new HttpRequestMessage(HttpMethod.Get, pollingUrl));
            using var status = JsonDocument.Parse(poll.Content.ReadAsStream());
            switch (status.RootElement.GetProperty("status").GetString())
            {
                case "Ready":
                    var sample = status.RootElement.GetProperty("result").GetProperty("sample").GetString()!;
                    using (var image = http.Send(new HttpRequestMessage(HttpMethod.Get, sample)))
                    using (var file = File.Create(Path.Combine(folder, $"{job}.png")))
                    {
                        image.Content.ReadAsStream().CopyTo(file);
                    }

                    return true;
                case "Pending":
                    continue;
                default:
                    return false;
            }
        }
    }
}
