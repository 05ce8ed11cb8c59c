using Microsoft.Extensions.Hosting;
using Pipeline.Scheduling;

namespace Pipeline.Cli.Serve;

/// <summary>The Generic Host worker of <c>pipeline serve</c>: runs the scheduler until the host stops (the first SIGTERM).</summary>
internal sealed class ScheduleWorker(CampaignScheduler scheduler, ServeSession session) : BackgroundService
{
    /// <param name="stoppingToken">The host is stopping: fire nothing new, drain running campaigns.</param>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        session.LeftUnfinished = await scheduler.RunAsync(session.File, session.OutputRoot, stoppingToken, session.Abort);
        session.Ended = true;
    }
}
