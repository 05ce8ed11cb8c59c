using Pipeline.Audit;
using Pipeline.Planning;
using Pipeline.Verification;
using Pipeline.Domain;
using Pipeline.Imaging;
using Pipeline.Records;

namespace Pipeline.Execution;

/// <summary>What happened to one job during one run; becomes its audit row. Owned by one job task at a time.</summary>
internal sealed class JobRecord(Job job, string runId)
{
    private readonly List<string> _notes = [];

    public Job Job { get; } = job;

    public int Attempts { get; set; }

    /// <summary>The list price reserved for this job.</summary>
    public decimal PriceUsd { get; set; }

    /// <summary>A <c>reserved</c> ledger entry was written for this job in this run.</summary>
    public bool Reserved { get; set; }

    /// <summary>A submit request is on the wire: if the run stops now, whether it was accepted is unknown.</summary>
    public bool SubmitInProgress { get; set; }

    public int Polls { get; set; }

    public int AmbiguousRetries { get; set; }

    public string? RequestId { get; set; }

    public DateTimeOffset? SubmittedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public decimal BilledUsd { get; set; }

    public bool Nsfw { get; set; }

    public ImageFacts? Facts { get; set; }

    public string? File { get; set; }

    public string? Sha256 { get; set; }

    public void Note(string note) => _notes.Add(note);

    public AuditRow ToRow(JobStatus status, string verification) => new(
        RunId: runId,
        JobId: Job.Id.Value,
        Campaign: Job.Campaign,
        PromptId: Job.PromptId,
        Prompt: Job.Prompt,
        Provider: Job.Provider,
        Model: Job.Model,
        FinetuneId: Job.FinetuneId,
        FinetuneStrength: Job.FinetuneStrength,
        Seed: Job.Seed,
        AspectRatio: Job.AspectRatio,
        Width: Facts?.Width,
        Height: Facts?.Height,
        Format: Facts?.Format ?? Job.OutputFormat,
        RequestId: RequestId,
        Status: status,
        Attempts: Attempts,
        CostUsd: BilledUsd,
        Nsfw: Nsfw,
        Verification: verification,
        File: File,
        Sha256: Sha256,
        SubmittedAt: SubmittedAt,
        CompletedAt: CompletedAt,
        Detail: _notes.Count == 0 ? null : string.Join("; ", _notes));
}
