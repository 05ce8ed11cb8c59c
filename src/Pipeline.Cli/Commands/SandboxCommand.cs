using System.CommandLine;
using Pipeline.Providers.Bfl;
using Pipeline.Providers.Catalog;
using Pipeline.Sandbox;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline sandbox [--port N] [fault flags]</c>: serve the offline provider alone until Ctrl+C.</summary>
internal static class SandboxCommand
{
    public static Command Create(Interrupts? interrupts)
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 0 };
        var cap = new Option<int>("--active-task-cap") { Description = "Active tasks before submits get 429 (BFL, CometAPI, OpenAI) or wait in the queue (fal, Replicate).", DefaultValueFactory = _ => 24 };
        var latency = new Option<double>("--latency-ms") { Description = "Time from submit to result, in milliseconds.", DefaultValueFactory = _ => 300 };
        var jitter = new Option<double>("--latency-jitter-ms") { Description = "Extra latency, uniform in [0, this), in milliseconds.", DefaultValueFactory = _ => 0 };
        var submitFailures = new Option<double>("--submit-failure-rate") { Description = "Share of submits answered 503 (0-1).", DefaultValueFactory = _ => 0 };
        var pollFailures = new Option<double>("--poll-failure-rate") { Description = "Share of polls answered 500 (0-1).", DefaultValueFactory = _ => 0 };
        var drops = new Option<double>("--drop-connection-rate") { Description = "Share of submits whose connection is dropped unanswered (0-1).", DefaultValueFactory = _ => 0 };
        var moderation = new Option<double>("--moderation-rate") { Description = "Share of tasks ending 'Content Moderated' (0-1).", DefaultValueFactory = _ => 0 };
        var truncate = new Option<bool>("--truncate-first-download") { Description = "Cut the first download of every result short." };
        var lifetime = new Option<double>("--url-lifetime-s") { Description = "Seconds a sample URL stays valid (BFL: 600).", DefaultValueFactory = _ => 600 };
        var retryAfter = new Option<int?>("--retry-after-s") { Description = "Send Retry-After with 429s." };
        var corruptScan = new Option<double>("--corrupt-scan-rate") { Description = "Share of JPEG results with flipped bytes mid-scan, markers and EOI intact (0-1; prompt marker [sandbox:corrupt-scan]).", DefaultValueFactory = _ => 0 };
        var truncatedScan = new Option<double>("--truncated-scan-rate") { Description = "Share of JPEG results cut mid-scan with EOI appended (0-1; [sandbox:truncated-scan]).", DefaultValueFactory = _ => 0 };
        var junkScan = new Option<double>("--junk-scan-rate") { Description = "Share of JPEG results whose scan is a few hundred junk bytes, then EOI (0-1; [sandbox:junk-scan]).", DefaultValueFactory = _ => 0 };
        var damagedPng = new Option<double>("--damaged-png-rate") { Description = "Share of PNG results with a damaged IDAT stream under valid CRCs (0-1; [sandbox:damaged-png]).", DefaultValueFactory = _ => 0 };
        var black = new Option<double>("--black-image-rate") { Description = "Share of results served all black (0-1; [sandbox:black-image]).", DefaultValueFactory = _ => 0 };
        var white = new Option<double>("--white-image-rate") { Description = "Share of results served all white (0-1; [sandbox:white-image]).", DefaultValueFactory = _ => 0 };
        var trailing = new Option<double>("--trailing-bytes-rate") { Description = "Share of results with 4096 zero bytes after EOI/IEND (0-1; [sandbox:trailing-bytes]).", DefaultValueFactory = _ => 0 };
        var html = new Option<double>("--html-body-rate") { Description = "Share of results served as an HTML error page under 200 and the image content type (0-1; [sandbox:html-body]).", DefaultValueFactory = _ => 0 };
        var empty = new Option<double>("--empty-body-rate") { Description = "Share of results served as an empty 200 body (0-1; [sandbox:empty-body]).", DefaultValueFactory = _ => 0 };
        var requestLog = new Option<string?>("--request-log") { Description = "Append every BFL submit, BFL poll and download to this file, one JSON line each with its arrival time (for benchmarks)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the fault injection, for reproducible runs.", DefaultValueFactory = _ => 42 };
        var command = new Command("sandbox", "Serve the built-in offline provider on loopback until interrupted; it speaks the BFL, CometAPI, fal, Replicate and OpenAI-compatible protocols.")
        {
            port, cap, latency, jitter, submitFailures, pollFailures, drops, moderation, truncate, lifetime, retryAfter,
            corruptScan, truncatedScan, junkScan, damagedPng, black, white, trailing, html, empty, seed, requestLog,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new SandboxOptions
            {
                Port = parse.GetValue(port),
                ActiveTaskCap = parse.GetValue(cap),
                Latency = TimeSpan.FromMilliseconds(parse.GetValue(latency)),
                LatencyJitter = TimeSpan.FromMilliseconds(parse.GetValue(jitter)),
                SubmitFailureRate = parse.GetValue(submitFailures),
                PollFailureRate = parse.GetValue(pollFailures),
                DropConnectionRate = parse.GetValue(drops),
                ModerationRate = parse.GetValue(moderation),
                TruncateFirstDownload = parse.GetValue(truncate),
                SampleUrlLifetime = TimeSpan.FromSeconds(parse.GetValue(lifetime)),
                RetryAfterSeconds = parse.GetValue(retryAfter),
                CorruptScanRate = parse.GetValue(corruptScan),
                TruncatedScanRate = parse.GetValue(truncatedScan),
                JunkScanRate = parse.GetValue(junkScan),
                DamagedPngRate = parse.GetValue(damagedPng),
                BlackImageRate = parse.GetValue(black),
                WhiteImageRate = parse.GetValue(white),
                TrailingBytesRate = parse.GetValue(trailing),
                HtmlBodyRate = parse.GetValue(html),
                EmptyBodyRate = parse.GetValue(empty),
                RandomSeed = parse.GetValue(seed),
                RequestLogPath = parse.GetValue(requestLog),
            };
            var errors = options.Validate();
            if (errors.Count > 0)
            {
                foreach (var error in errors)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync("error: " + error);
                }

                return ExitCodes.InvalidInput;
            }

            await using var server = await SandboxServer.StartAsync(options, cancellationToken);
            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync($"sandbox listening on {server.BaseAddress} (any non-empty key is accepted); Ctrl+C stops it.");
            await output.WriteLineAsync($"use it with: BFL_API_KEY=any pipeline run <manifest> --provider bfl --base-url {server.BaseAddress}");
            var others = ProviderCatalog.All.Where(d => !d.InProcess && d.KeyVariable is not null && d.Name != BflDescriptor.Name).Select(d => $"{d.Name} ({d.KeyVariable})");
            await output.WriteLineAsync($"         or: --provider {string.Join(", ", others)} with the same --base-url");
            await output.FlushAsync(cancellationToken);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interrupts?.Drain ?? CancellationToken.None);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C is the normal way to stop serving.
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
