using Pipeline.Audit;
using Pipeline.Domain;
using Pipeline.Records;
using Pipeline.Renditions;

namespace Pipeline.Execution;

/// <summary>What one run did.</summary>
/// <param name="Planned">Jobs in the plan.</param>
/// <param name="AlreadyDone">Jobs skipped because a verified output already exists.</param>
/// <param name="Outcomes">Audit rows written by this run.</param>
/// <param name="SpentUsd">Billed in this run.</param>
/// <param name="TotalSpentUsd">Billed in this campaign folder over all runs.</param>
/// <param name="StoppedBecause">Why submitting stopped early (a fatal provider answer), or null.</param>
/// <param name="Interrupted">The run was cancelled (Ctrl+C).</param>
/// <param name="Polls">Status polls sent in this run.</param>
/// <param name="FilingCpu">CPU spent verifying and filing results (zero where not measurable), for the efficiency figures.</param>
public sealed record RunSummary(
    int Planned,
    int AlreadyDone,
    IReadOnlyList<AuditRow> Outcomes,
    decimal SpentUsd,
    decimal TotalSpentUsd,
    string? StoppedBecause,
    bool Interrupted,
    int Polls = 0,
    TimeSpan FilingCpu = default)
{
    /// <summary>Reserved for tasks this run left with an unknown bill (in flight or cut off mid-submit): counted against the cap, not billed.</summary>
    public decimal HeldUsd { get; init; }

    /// <summary>Jobs recorded as succeeded whose kept file was missing or changed, set aside and rendered again in this run.</summary>
    public IReadOnlyList<DamagedFile> Damaged { get; init; } = [];

    /// <summary>Verified jobs this run rendered again (<c>--force</c>, or finishing a forced render a crash cut off).</summary>
    public int Replaced { get; init; }

    /// <summary>Renditions this run derived, found current, or failed to derive (none when the manifest has no <c>renditions:</c>).</summary>
    public RenditionTally Renditions { get; init; } = RenditionTally.None;

    /// <summary>How long the run waited for renditions after its last job ended (zero without renditions).</summary>
    public TimeSpan RenditionTail { get; init; }

    public int Count(JobStatus status) => Outcomes.Count(o => o.Status == status);

    /// <summary>Jobs that were neither done before nor given an outcome (stopped or interrupted before they started).</summary>
    public int NotStarted => Planned - AlreadyDone - Outcomes.Count;

    /// <summary>Every planned job ends verified.</summary>
    public bool AllVerified => NotStarted == 0 && Outcomes.All(o => o.Status == JobStatus.Succeeded);
}
