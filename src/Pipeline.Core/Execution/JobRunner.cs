using Pipeline.Audit;
using Pipeline.Domain;
using Pipeline.Records;

namespace Pipeline.Execution;

/// <summary>
/// One job from budget reservation to audit row, composed of three steps: reserve ▸ <see cref="SubmitStep"/> (permit,
/// ledger <c>reserved</c>, submit, ledger <c>submitted</c>) ▸ <see cref="PollStep"/> ▸ release permit ▸
/// <see cref="StoreStep"/> (download, verify, file) ▸ audit row ▸ ledger <c>settled</c>.
/// Expected failures become audit statuses; only cancellation and infrastructure errors escape.
/// </summary>
internal sealed class JobRunner : IDisposable
{
    private readonly RunServices _services;
    private readonly SubmitStep _submit;
    private readonly PollStep _poll;
    private readonly StoreStep _store;

    public JobRunner(RunServices services, ImageDownloader downloader)
    {
        _services = services;
        _submit = new SubmitStep(services, new SubmitBreaker(services.StopSubmitting));
        _poll = new PollStep(services);
        _store = new StoreStep(services, downloader);
    }

    /// <summary>Polls of every task run by this runner so far (for the efficiency figures).</summary>
    public int TotalPolls => _poll.TotalPolls;

    /// <summary>CPU spent verifying and filing results (<see cref="StoreStep.FilingCpu"/>).</summary>
    public TimeSpan FilingCpu => _store.FilingCpu;

    /// <summary>Runs <paramref name="job"/> to an audit row (written before this returns).</summary>
    /// <param name="submitToken">Cancelled to stop new submits (Ctrl+C or a fatal provider answer).</param>
    public async Task<AuditRow> RunAsync(Job job, CancellationToken submitToken, CancellationToken cancellationToken)
    {
        var run = _services.Run;
        using var scope = _services.Logger.JobScope(job.Id.Value);
        var record = new JobRecord(job, run.RunId);
        var price = ModelCatalog.Models.TryGetValue(job.Model, out var model) ? model.PriceUsd : 0m;
        record.PriceUsd = price;
        run.InFlight.TryGetValue(job.Id.Value, out var earlier);
        if (earlier is not null)
        {
            price = earlier.CostUsd ?? 0m; // Reserved by the runner before any job started.
        }
        else if (!run.Budget.TryReserve(price))
        {
            record.Note(run.Budget.Describe(price));
            return Finish(record, JobStatus.SkippedBudget, "not rendered", reserved: 0m);
        }

        try
        {
            var (status, verification) = await RenderAsync(record, earlier, submitToken, cancellationToken);
            return Finish(record, status, verification, price);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || submitToken.IsCancellationRequested)
        {
            // A task in flight stays "submitted" in the ledger: the rerun re-attaches to it, and the budget keeps counting it.
            record.Note(record.RequestId is not null ? "cancelled while in flight; a rerun re-attaches to this request"
                : record.SubmitInProgress ? "cancelled during a submit the provider may have accepted; its price stays counted"
                : record.Attempts > 0 ? "cancelled before the provider accepted a submit; nothing billed"
                : "cancelled before submit; nothing billed");
            // Cut off mid-request, the submit may have been accepted: leave the reservation open so it keeps counting.
            return Finish(record, JobStatus.Cancelled, "not rendered", price, inFlight: record.RequestId is not null || record.SubmitInProgress);
        }
    }

    public void Dispose() => _store.Dispose();

    private async Task<(JobStatus Status, string Verification)> RenderAsync(JobRecord record, LedgerEntry? earlier, CancellationToken submitToken, CancellationToken cancellationToken)
    {
        Providers.TaskPoll poll;
        Submission? submission = null;
        try
        {
            // Paid for in an earlier run that stopped before the result: poll it, never submit again.
            submission = earlier is not null
                ? await _submit.ReattachAsync(record, earlier, cancellationToken)
                : await _submit.SubmitAsync(record, submitToken, cancellationToken);
            if (submission is not { Task: var task })
            {
                return (JobStatus.Failed, "not rendered");
            }

            // Synchronous protocols (OpenAI images) and Replicate's Prefer: wait can answer the submit with the result.
            poll = task.Completed ?? await _poll.PollAsync(record, task, learn: earlier is null, cancellationToken);
            if (poll.State == Providers.TaskState.NotFound)
            {
                // The provider lost the task before we saw a result: resubmitting is the only way to get one.
                record.Note("provider said 'Task not found'; resubmitted once");
                submission.Value.Permit.Dispose();
                submission = await _submit.SubmitAsync(record, submitToken, cancellationToken);
                if (submission is not { Task: var again })
                {
                    return (JobStatus.Failed, "not rendered");
                }

                poll = again.Completed ?? await _poll.PollAsync(record, again, learn: true, cancellationToken);
            }

            record.CompletedAt = _services.Time.GetUtcNow();
        }
        finally
        {
            // Released before the download: a permit held past a task's finish is capacity paid for and unused.
            submission?.Permit.Dispose();
        }

        return await _store.StoreAsync(record, submission.Value.Task, poll, cancellationToken);
    }

    /// <summary>Audit row first, then the ledger's "settled": a crash between the two leaves a verified row, never a lost one.</summary>
    private AuditRow Finish(JobRecord record, JobStatus status, string verification, decimal reserved, bool inFlight = false)
    {
        var run = _services.Run;
        var row = record.ToRow(status, verification);
        run.Audit.Append(row);
        if (status != JobStatus.Succeeded && run.Replacing.TryGetValue(row.JobId, out var previous))
        {
            run.Audit.Append(ForcedRenders.Restated(previous, row, _services.Time.GetUtcNow()));
        }

        _services.Logger.JobFinished(row);
        if (inFlight)
        {
            run.Budget.Hold(reserved);
            return row;
        }

        run.Budget.Settle(reserved, record.BilledUsd);
        if (record.RequestId is not null || record.Reserved)
        {
            run.Ledger.Settled(record.Job.Id.Value, record.RequestId, status.ToWire(), record.BilledUsd, _services.Time.GetUtcNow());
        }

        return row;
    }
}
