using Pipeline.Execution;

namespace Pipeline.Scheduling;

/// <summary>How one firing of a schedule ended.</summary>
public enum ScheduledRunOutcome
{
    /// <summary>The run went through every pending job (some may have failed: see the audit log).</summary>
    Completed,

    /// <summary>Not run: this campaign was already running (in this process or another).</summary>
    Skipped,

    /// <summary>Stopped by shutdown; it resumes at the next start.</summary>
    Interrupted,

    /// <summary>The manifest or provider settings are invalid now, or an infrastructure error ended the run.</summary>
    Failed,
}

/// <summary>One firing of a schedule entry and what came of it.</summary>
/// <param name="FireTime">The scheduled instant (or the start time, for a resumed run).</param>
/// <param name="Summary">The run's summary when it ran.</param>
/// <param name="Detail">Why it was skipped or failed.</param>
/// <param name="Folder">The campaign folder, once the manifest was read.</param>
public sealed record ScheduledRun(ScheduleEntry Entry, DateTimeOffset FireTime, ScheduledRunOutcome Outcome, RunSummary? Summary = null, string? Detail = null, Records.CampaignFolder? Folder = null);
