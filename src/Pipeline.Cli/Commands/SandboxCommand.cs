using System.CommandLine;
using Pipeline.Sandbox;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline sandbox [--port N]</c>: serve the offline provider alone until Ctrl+C.</summary>
internal static class SandboxCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 0 };
        var cap = new Option<int>("--active-task-cap") { Description = "Active tasks before submits get 429.", DefaultValueFactory = _ => 24 };
        var latency = new Option<double>("--latency-ms") { Description = "Time from submit to result, in milliseconds.", DefaultValueFactory = _ => 300 };
        var command = new Command("sandbox", "Serve the built-in offline provider (BFL protocol) on loopback until interrupted.") { port, cap, latency };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new SandboxOptions
            {
                Port = parse.GetValue(port),
                ActiveTaskCap = parse.GetValue(cap),
                Latency = TimeSpan.FromMilliseconds(parse.GetValue(latency)),
            };
            await using var server = await SandboxServer.StartAsync(options, cancellationToken);
            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync($"sandbox listening on {server.BaseAddress} (any non-empty x-key is accepted); Ctrl+C stops it.");
            await output.WriteLineAsync($"use it with: pipeline run <manifest> --provider bfl --base-url {server.BaseAddress}  (BFL_API_KEY=anything)");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
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
