using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Cli;
using Pipeline.Cli.Logging;
using Pipeline.Sandbox;
using Pipeline.Tests.Support;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Pipeline.Domain;

namespace Pipeline.Tests.Cli;

public sealed class LoggingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Run_Verbose_LogsEveryJobOnStandardErrorAndEveryEventCarriesCampaignRunAndJobInTheJsonFile()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Latency = TimeSpan.FromMilliseconds(50) }, CancellationToken.None);
        const string key = "secret-key-abc123";
        var manifest = _dir.Write("m.yaml", TestManifests.Small("logged", prompts: 1, seeds: 2, provider: "bfl"));
        var output = _dir.File("out");

        var (exit, stdout, stderr) = await CliRunner.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["BFL_API_KEY"] = key }, "run", manifest, "--base-url", server.BaseAddress.AbsoluteUri, "--output", output, "--verbose");

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("DBG] job ", stderr, StringComparison.Ordinal);
        Assert.Contains("INF] logged: run ", stderr, StringComparison.Ordinal);
        var log = Assert.Single(Directory.GetFiles(Path.Combine(output, "logs"), "pipeline-*.jsonl"));
        var text = File.ReadAllText(log);
        Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        var events = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var engine = events.Where(e => e.GetProperty("Properties").GetProperty("SourceContext").GetString() == "Pipeline.Execution").ToList();
        Assert.Contains(engine, e => e.GetProperty("MessageTemplate").GetString()!.StartsWith("job {JobId} submitted", StringComparison.Ordinal));
        Assert.All(engine, e =>
        {
            var properties = e.GetProperty("Properties");
            Assert.Equal("logged", properties.GetProperty("campaign").GetString());
            Assert.Matches("^\\d{8}T\\d{6}Z-[0-9a-f]{4}$", properties.GetProperty("run_id").GetString());
        });
        Assert.All(engine.Where(e => e.GetProperty("MessageTemplate").GetString()!.StartsWith("job ", StringComparison.Ordinal)), e =>
            Assert.Matches("^[0-9a-f]{16}$", e.GetProperty("Properties").GetProperty("job_id").GetString()));
    }

    [Fact]
    public async Task Run_Default_KeepsStandardErrorFreeOfRoutineEventsAndLogFileFollowsLogFileOption()
    {
        var manifest = _dir.Write("m.yaml", TestManifests.Small("quiet", prompts: 1, seeds: 1));
        var logFile = _dir.File("elsewhere/run.jsonl");

        var (exit, stdout, stderr) = await CliRunner.RunAsync("run", manifest, "--output", _dir.File("out"), "--log-file", logFile);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal(string.Empty, stderr);
        Assert.False(Directory.Exists(_dir.File("out/logs")));
        Assert.Single(Directory.GetFiles(_dir.File("elsewhere"), "run*.jsonl"));
    }

    [Fact]
    public async Task VerboseAndQuietTogether_Exit2()
    {
        var (exit, _, error) = await CliRunner.RunAsync("status", _dir.Path, "--verbose", "--quiet");

        Assert.Equal(2, exit);
        Assert.Contains("cannot be used together", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SecretRedactor_KeyInAnyTextProperty_IsMasked()
    {
        var redactor = SecretRedactor.From(name => name == "FAL_KEY" ? "fal-key-0042" : null);
        var sink = new CollectingSink();
        using (var logger = new LoggerConfiguration().Enrich.With(redactor).WriteTo.Sink(sink).CreateLogger())
        {
            logger.Information("calling {Url} with {Header}", "https://queue.fal.run/x", "Key fal-key-0042");
        }

        var logEvent = Assert.Single(sink.Events);
        Assert.Equal("\"Key ***\"", logEvent.Properties["Header"].ToString());
        Assert.DoesNotContain("fal-key-0042", logEvent.RenderMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void CliHost_LogsThenIsDisposed_FileHoldsTheEventAndTheStaticLoggerIsUntouched()
    {
        var path = _dir.File("logs/host.jsonl");
        var host = CliHost.Build(_ => null, new LogSettings(TextWriter.Null, FilePath: path));

        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Pipeline.Execution")
            .Log(LogLevel.Information, default, "hello from the host", null, (state, _) => state);
        var staticLogger = Log.Logger;
        host.Dispose();

        Assert.Same(Logger.None, staticLogger);
        var file = Assert.Single(Directory.GetFiles(_dir.File("logs"), "host*.jsonl"));
        Assert.Contains("hello from the host", File.ReadAllText(file), StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private sealed class CollectingSink : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
