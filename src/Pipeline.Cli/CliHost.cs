using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;

namespace Pipeline.Cli;

/// <summary>The composition root: the engine, the sandbox launcher and logging (warnings to stderr only).</summary>
internal static class CliHost
{
    public static IHost Build(Func<string, string?> environment)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var logger = new LoggerConfiguration()
            .MinimumLevel.Warning()
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            .WriteTo.Console(formatProvider: CultureInfo.InvariantCulture, standardErrorFromLevel: LogEventLevel.Verbose)
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        builder.Services.AddPipelineEngine(environment);
        builder.Services.AddSingleton<SandboxLauncher>();
        builder.Services.AddSingleton<Execution.ISandboxHost>(sp => sp.GetRequiredService<SandboxLauncher>());
        return builder.Build();
    }
}
