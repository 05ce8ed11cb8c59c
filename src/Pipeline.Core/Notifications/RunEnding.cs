using Pipeline.Domain;
using Pipeline.Execution;

namespace Pipeline.Notifications;

/// <summary>How a run ended, as a notification's <c>on</c> list names it.</summary>
public enum RunEnding
{
    /// <summary>Every planned job is verified.</summary>
    Succeeded,

    /// <summary>Some job failed, was moderated or failed verification, or the run could not start or went wrong.</summary>
    Failed,

    /// <summary>The budget stopped the run: jobs were skipped as <c>skipped_budget</c>.</summary>
    Budget,

    /// <summary>Stopped by Ctrl+C or SIGTERM; a rerun resumes it.</summary>
    Interrupted,
}

/// <summary>The wire names of <see cref="RunEnding"/> and how a run summary maps onto them.</summary>
public static class RunEndings
{
    public static readonly IReadOnlyList<string> Names = ["succeeded", "failed", "budget", "interrupted"];

    public static string ToWire(this RunEnding ending) => Names[(int)ending];

    public static RunEnding? Parse(string text) => Names.ToList().IndexOf(text) is var i and >= 0 ? (RunEnding)i : null;

    /// <summary>Interrupted before budget before failed: the most specific reason a person must act on.</summary>
    public static RunEnding Of(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Interrupted)
        {
            return RunEnding.Interrupted;
        }

        if (summary.Count(JobStatus.SkippedBudget) > 0)
        {
            return RunEnding.Budget;
        }

        return summary.AllVerified ? RunEnding.Succeeded : RunEnding.Failed;
    }
}
