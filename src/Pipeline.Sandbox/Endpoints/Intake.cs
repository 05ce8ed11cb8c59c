using Microsoft.AspNetCore.Http;
using Pipeline.Sandbox.Protocol;
using Pipeline.Sandbox.Tasks;

namespace Pipeline.Sandbox.Endpoints;

/// <summary>What became of a valid submit, before the protocol writes its own answer.</summary>
internal enum IntakeResult
{
    /// <summary>A task exists (running or queued).</summary>
    Accepted,

    /// <summary>The connection was aborted unanswered (<see cref="SandboxOptions.DropConnectionRate"/>); nothing to write.</summary>
    Dropped,

    /// <summary>Injected overload (<see cref="SandboxOptions.SubmitFailureRate"/>): answer 503, no task.</summary>
    Overloaded,

    /// <summary>Credits exhausted: answer 402 (or the protocol's equivalent), no task.</summary>
    NoCredits,

    /// <summary>Active-task cap reached on a host that refuses: answer 429, no task.</summary>
    Throttled,
}

/// <summary>
/// The fault injection, credits and active-task cap every protocol shares, in one order: dropped connection,
/// injected 503, credits (402), cap (429 or queue). Counts accepted submits and charges in <see cref="SandboxStats"/>.
/// </summary>
internal static class Intake
{
    public static (IntakeResult Result, SandboxTask? Task) Admit(HttpContext context, SandboxState state, Submission submission, OverLimit overLimit)
    {
        var options = state.Options;
        if (state.Faults.Roll(options.DropConnectionRate))
        {
            state.Stats.ConnectionDropped();
            context.Abort();
            return (IntakeResult.Dropped, null);
        }

        if (state.Faults.Roll(options.SubmitFailureRate))
        {
            return (IntakeResult.Overloaded, null);
        }

        var outcome = OutcomePolicy.Decide(submission.Prompt, submission.Fingerprint, options.ModerationRate, state.Faults);
        var admission = state.Tasks.TryAdmit(submission, outcome, state.Now, overLimit);
        switch (admission.Refusal)
        {
            case AdmissionRefusal.InsufficientCredits:
                return (IntakeResult.NoCredits, null);
            case AdmissionRefusal.ConcurrencyLimit:
                return (IntakeResult.Throttled, null);
            default:
                break;
        }

        state.Stats.Accepted(submission.Fingerprint, admission.ActiveTasks);
        if (admission.Queued)
        {
            state.Stats.Queued();
        }

        if (outcome == TaskOutcome.Ready)
        {
            state.Stats.Charged(submission.Model.Cost);
        }

        return (IntakeResult.Accepted, admission.Task);
    }
}
