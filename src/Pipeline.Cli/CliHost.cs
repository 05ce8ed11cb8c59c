using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pipeline.Cli.Logging;
using Serilog;
using Serilog.Formatting.Display;
using Serilog.Formatting.Json;

using Pipeline.Hosting;

namespace Pipeline.Cli;

/// <summary>
/// The composition root: the engine, the sandbox launcher and logging. Serilog is the only provider: a plain console
/// log on standard error for people (level by <c>--quiet</c>/<c>--verbose</c>, see <see cref="LogLevels"/>) and,
/// when asked for, a rolling JSON-lines file for machines. Every engine event carries <c>campaign</c>,
/// <c>run_id</c> and <c>job_id</c>; provider keys are masked.
/// </summary>
internal static class CliHost
{
    private const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";
    private const long MaxFileBytes = 100L * 1024 * 1024;
    private const int RetainedFiles = 14;

    public static IHost Build(Func<string, string?> environment) => Build(environment, LogSettings.Default);

    /// <param name="configure">Adds what one command needs (serve: the scheduler and its worker).</param>
    public static IHost Build(Func<string, string?> environment, LogSettings log, Action<HostApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        // Serilog.Extensions.Hosting: the logger is built once, when the host first resolves its logger factory, and
        // disposed (flushed) with the host. preserveStaticLogger: each invocation (and each parallel test) builds its
        // own host and logger, so the process-wide Log.Logger is never set.
        builder.Services.AddSerilog((_, config) => Configure(config, environment, log), preserveStaticLogger: true);
        builder.Services.ConfigureHttpClientDefaults(http => http.RedactLoggedHeaders(_ => true));
        builder.Services.AddPipelineEngine(environment);
        builder.Services.AddSingleton<SandboxLauncher>();
        builder.Services.AddSingleton<Execution.ISandboxHost>(sp => sp.GetRequiredService<SandboxLauncher>());
        configure?.Invoke(builder);
        return builder.Build();
    }

    private static void Configure(LoggerConfiguration config, Func<string, string?> environment, LogSettings log)
    {
        var console = LogLevels.Console(log.Verbosity, log.IsService);
        config
            .MinimumLevel.Is(console < LogLevels.File || log.FilePath is null ? console : LogLevels.File)
            .Enrich.With(SecretRedactor.From(environment))
            .WriteTo.Sink(new WriterSink(log.Console, new MessageTemplateTextFormatter(ConsoleTemplate, CultureInfo.InvariantCulture)), console);
        foreach (var category in LogLevels.QuietCategories)
        {
            config.MinimumLevel.Override(category, LogLevels.QuietCategoryLevel);
        }

        if (log.FilePath is { } path)
        {
            config.WriteTo.File(
                new JsonFormatter(renderMessage: true, formatProvider: CultureInfo.InvariantCulture),
                path,
                LogLevels.File,
                fileSizeLimitBytes: MaxFileBytes,
                shared: true,
                rollingInterval: RollingInterval.Day,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: RetainedFiles);
        }
    }
}
