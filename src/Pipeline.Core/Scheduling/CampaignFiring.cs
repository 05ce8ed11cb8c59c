using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Pipeline.Execution;
using Pipeline.Manifests;
using Pipeline.Providers;

namespace Pipeline.Scheduling;

/// <summary>
/// One firing of a schedule entry: prepare it as <c>pipeline run</c> would, skip it while its campaign folder is
/// being rendered (by another firing here, or, through the engine's <see cref="RunLock"/>, by another process),
/// else run it, and say how it ended. Failures are outcomes, logged: one campaign never stops the others.
/// </summary>
internal sealed class CampaignFiring(CampaignRunner runner, ILogger logger)
{
    private readonly ILogger _logger = logger;

    /// <summary>Campaign folders being rendered by this process, with the entry rendering each.</summary>
    private readonly ConcurrentDictionary<string, string> _running = new(StringComparer.Ordinal);

    /// <summary>Errors that mean "the entry's manifest or provider settings are wrong": reported, never thrown on.</summary>
    public static bool IsInputError(Exception ex) =>
        ex is ManifestException or ProviderConfigurationException or FileNotFoundException or DirectoryNotFoundException;

    /// <summary>Fires <paramref name="entry"/> once; never throws for a campaign's own failure.</summary>
    /// <param name="request">What <paramref name="entry"/> renders, as <see cref="CampaignScheduler.RequestFor"/> makes it.</param>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A service: one campaign's failure is logged and must not stop the other schedules.")]
    public async Task<ScheduledRun> FireAsync(ScheduleEntry entry, DateTimeOffset fireTime, RunRequest request, CancellationToken drainToken, CancellationToken cancellationToken)
    {
        using var scope = _logger.ScheduleScope(entry.Name);
        PreparedRun prepared;
        try
        {
            prepared = runner.Prepare(request);
        }
        catch (Exception ex) when (IsInputError(ex))
        {
            _logger.PrepareFailed(entry.Name, ex.Message);
            return new ScheduledRun(entry, fireTime, ScheduledRunOutcome.Failed, Detail: ex.Message);
        }

        var campaign = prepared.Plan.Manifest.Campaign;
        using var campaignScope = _logger.CampaignScope(campaign);
        if (!_running.TryAdd(prepared.Folder.Root, entry.Name))
        {
            var running = _running.GetValueOrDefault(prepared.Folder.Root, "?");
            _logger.SkippedOverlap(entry.Name, campaign, running);
            return new ScheduledRun(entry, fireTime, ScheduledRunOutcome.Skipped, Detail: $"the previous run (schedule {running}) is still running");
        }

        try
        {
            var local = TimeZoneInfo.ConvertTime(fireTime, entry.Cron.TimeZone);
            _logger.Firing(entry.Name, campaign, local);
            var summary = await runner.RunAsync(prepared, null, drainToken, cancellationToken);
            if (summary.Interrupted)
            {
                _logger.Interrupted(entry.Name, campaign);
            }
            else if (summary.AlreadyDone == summary.Planned)
            {
                _logger.NothingToDo(entry.Name, campaign, summary.Planned);
            }

            return new ScheduledRun(entry, fireTime, summary.Interrupted ? ScheduledRunOutcome.Interrupted : ScheduledRunOutcome.Completed, summary, Folder: prepared.Folder);
        }
        catch (CampaignBusyException ex)
        {
            _logger.SkippedBusy(entry.Name, ex.Message);
            return new ScheduledRun(entry, fireTime, ScheduledRunOutcome.Skipped, Detail: ex.Message);
        }
        catch (OperationCanceledException) when (drainToken.IsCancellationRequested || cancellationToken.IsCancellationRequested)
        {
            _logger.Interrupted(entry.Name, campaign);
            return new ScheduledRun(entry, fireTime, ScheduledRunOutcome.Interrupted, Folder: prepared.Folder);
        }
        catch (Exception ex)
        {
            _logger.RunFailed(ex, entry.Name, campaign);
            return new ScheduledRun(entry, fireTime, ScheduledRunOutcome.Failed, Detail: ex.Message, Folder: prepared.Folder);
        }
        finally
        {
            _running.TryRemove(prepared.Folder.Root, out _);
        }
    }
}
