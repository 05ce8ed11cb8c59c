using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Audit;
using Pipeline.Cli.Logging;
using Pipeline.Cli.Serve;
using Pipeline.Notifications;
using Pipeline.Execution;
using Pipeline.Providers.Catalog;
using Pipeline.Reports;
using Spectre.Console;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline run &lt;manifest&gt;</c>: render every job that has no verified output yet.</summary>
internal static class RunCommand
{
    public static Command Create(Func<string, string?> environment, Interrupts? interrupts)
    {
        var manifest = new Argument<string>("manifest") { Description = "Path to the campaign manifest (YAML)." };
        var provider = new Option<string?>("--provider") { Description = $"Render on this provider instead of the manifest's: {string.Join(", ", ProviderCatalog.All.Select(d => d.Usage))}." };
        var baseUrl = new Option<Uri?>("--base-url")
        {
            Description = "The provider's API base URL (overrides BFL_BASE_URL, OPENAI_BASE_URL and the defaults; for openai, a bare host gets /v1).",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                {
                    return uri;
                }

                result.AddError($"--base-url must be an absolute http(s) URL, found '{text}'.");
                return null;
            },
        };
        var output = new Option<string?>("--output") { Description = "Folder that holds campaign folders (default: output/ of the manifest's project: the nearest folder above it with .git, else next to it)." };
        var concurrency = new Option<int?>("--concurrency") { Description = "Jobs in flight at once (overrides limits.concurrency)." };
        var maxCost = new Option<decimal?>("--max-cost") { Description = "Budget cap in USD (overrides limits.max_cost_usd)." };
        var shard = new Option<string?>("--shard") { Description = "Run part i of n of the campaign (1-based, e.g. 2/4); each shard takes 1/n of the limits and budget." };
        shard.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text)
            {
                try
                {
                    Shard.Parse(text);
                }
                catch (FormatException ex)
                {
                    result.AddError(ex.Message);
                }
            }
        });
        var allowPartial = new Option<bool>("--allow-partial") { Description = "Start even if the estimate exceeds the budget: render up to the cap, record the rest as skipped_budget." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check everything and say what would render, then stop: nothing is called or written." };
        var notify = new Option<Uri?>("--notify")
        {
            Description = "POST a Slack-compatible JSON summary to this webhook when the run ends (retried; never delays rendering).",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                {
                    return uri;
                }

                result.AddError("--notify must be an absolute http(s) URL.");
                return null;
            },
        };
        var locked = new Option<bool>("--locked") { Description = "Render exactly the jobs in campaign.lock.json (random seeds included); refuse if the manifest changed." };
        var only = new Option<string[]>("--only")
        {
            Description = "Consider only the jobs this selector matches, in the manifest's include/exclude keys: prompt=kettle-hero,seed=11 "
                + "(also finetune_id, finetune_strength or strength, aspect_ratio or ratio, size, and vars by name). Repeat it: a job is taken when any selector matches. "
                + "Other jobs are left as they are. A selector that matches no job, names an unknown key or value, or is malformed exits 2.",
            Arity = ArgumentArity.OneOrMore,
            HelpName = "selector",
        };
        var force = new Option<bool>("--force")
        {
            Description = "Render the --only jobs again even when already verified, paying for them again; requires --only. "
                + "The earlier render stays the job's image until the new one verifies, then moves to superseded/ with its sidecar; "
                + "a new render that fails leaves the earlier one in place. --dry-run lists these renders and their price.",
        };
        var command = new Command("run", "Render a campaign: submit, poll, download, verify and audit every job not already verified.")
        {
            manifest, provider, baseUrl, output, concurrency, maxCost, allowPartial, locked, shard, only, force, dryRun, notify,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new RunRequest(
                parse.GetRequiredValue(manifest),
                OutputLocation.Resolve(parse.GetValue(output), parse.GetRequiredValue(manifest)),
                parse.GetValue(provider),
                parse.GetValue(baseUrl),
                parse.GetValue(concurrency),
                parse.GetValue(maxCost),
                parse.GetValue(allowPartial),
                parse.GetValue(locked),
                parse.GetValue(shard) is { } s ? Shard.Parse(s) : Shard.Whole)
            {
                Only = parse.GetValue(only) ?? [],
                Force = parse.GetValue(force),
            };
            var drain = interrupts?.Drain ?? CancellationToken.None;
            var log = GlobalOptions.LogFor(parse, LogSettings.DefaultFile(request.OutputRoot!));
            return await RunAsync(request, parse.GetValue(dryRun), parse.GetValue(notify), parse.InvocationConfiguration, environment, log, drain, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(RunRequest request, bool dryRun, Uri? notify, InvocationConfiguration io, Func<string, string?> environment, LogSettings log, CancellationToken drain, CancellationToken cancellationToken)
    {
        using var host = CliHost.Build(environment, log);
        var runner = host.Services.GetRequiredService<CampaignRunner>();
        PreparedRun prepared;
        try
        {
            prepared = runner.Prepare(request);
        }
        catch (Exception ex) when (InputErrors.TryReport(ex, io.Error))
        {
            return ExitCodes.InvalidInput;
        }

        var console = Terminal.For(io.Output);
        var manifest = prepared.Plan.Manifest;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{manifest.Campaign}: {prepared.Plan.Jobs.Count} jobs on {prepared.Provider} ({manifest.Model})"));
        console.WriteLine("folder: " + RunReport.Shown(prepared.Folder.Root));
        if (dryRun)
        {
            DryRun.Print(console, prepared, cancellationToken);
            return ExitCodes.Ok;
        }

        RunSummary summary;
        var progress = new RunProgress(console, new ProgressTally(TimeProvider.System), TimeProvider.System);
        try
        {
            summary = await progress.ShowAsync(ProgressInterval(environment), (onFinished, onPending, onRenditionsPending) => runner.RunAsync(prepared, onFinished, onPending, onRenditionsPending, drain, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || drain.IsCancellationRequested)
        {
            await io.Error.WriteLineAsync("interrupted: nothing is lost; run the same command again to resume.");
            if (notify is not null)
            {
                var stopped = new RunNotice(manifest.Campaign, null, null, RunEnding.Interrupted, new Dictionary<string, int>(), prepared.Plan.Jobs.Count, 0, 0m, 0m, null, "interrupted; a rerun resumes");
                await RunNotifications.SendOnceAsync(notify, stopped, environment);
            }

            return ExitCodes.Interrupted;
        }
        catch (CampaignBusyException ex)
        {
            await io.Error.WriteLineAsync("error: " + ex.Message);
            return ExitCodes.InvalidInput;
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            StorageFailure.Report(ex, prepared.Folder, io.Error, host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Pipeline.Cli"));
            await host.StopAsync(CancellationToken.None);
            return ExitCodes.JobsFailed;
        }

        var report = BuildReport(prepared.Folder, prepared.Provider, io.Error);
        RunReport.Print(console, prepared, summary, report);
        if (notify is not null)
        {
            await RunNotifications.SendOnceAsync(notify, RunNotice.From(manifest.Campaign, null, summary, report), environment);
        }

        await host.StopAsync(CancellationToken.None);
        return summary.Interrupted ? ExitCodes.Interrupted : summary.AllVerified && summary.Renditions.Failed == 0 ? ExitCodes.Ok : ExitCodes.JobsFailed;
    }

    /// <summary>Seconds between plain progress lines: 5, or <c>PIPELINE_PROGRESS_SECONDS</c>.</summary>
    private static TimeSpan ProgressInterval(Func<string, string?> environment) =>
        double.TryParse(environment("PIPELINE_PROGRESS_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(5);

    /// <summary>The report is auxiliary: failing to write it is a warning, never a failed run.</summary>
    private static string? BuildReport(CampaignFolder folder, string provider, TextWriter error)
    {
        try
        {
            return ContactSheet.Refresh(folder, provider);
        }
        catch (IOException ex)
        {
            error.WriteLine("warning: report not written: " + ex.Message);
            return null;
        }
    }
}
