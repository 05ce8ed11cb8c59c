using System.Net;
using Pipeline.Providers;
using Pipeline.Records;
using Polly;

namespace Pipeline.Execution;

/// <summary>
/// Gets a job accepted by the provider, holding a concurrency permit: permit ▸ ledger <c>reserved</c> (fsynced) ▸
/// submit token ▸ submit, retried only when the provider certainly did not accept it ▸ ledger <c>submitted</c>
/// (fsynced) before anything polls. A 429 gives the permit back and queues the job again after <c>Retry-After</c>
/// (<see cref="RetryPipelines.Throttle"/>). Or re-attaches to a task paid for in an earlier run, never submitting it again.
/// </summary>
internal sealed class SubmitStep(RunServices services, SubmitBreaker breaker)
{
    /// <summary>Takes a permit for a task from an earlier run's ledger: it is polled by its URL, never submitted again.</summary>
    public async Task<Submission> ReattachAsync(JobRecord record, LedgerEntry earlier, CancellationToken cancellationToken)
    {
        var permit = await services.Gate.EnterAsync(cancellationToken);
        var task = SubmittedTask.Reattach(earlier.ToTask());
        record.RequestId = task.RequestId;
        record.SubmittedAt = earlier.At;
        record.Note($"re-attached to request {task.RequestId} from an earlier run");
        services.Logger.JobReattached(record.Job.Id.Value, task.RequestId);
        return new Submission(task, permit);
    }

    /// <summary>Submits <paramref name="record"/>'s job; null when it could not be (the record's notes say why).</summary>
    /// <param name="submitToken">Stops new attempts and the waits between them.</param>
    /// <param name="cancellationToken">The only token of a request already on the wire: a drain never leaves an acceptance unknown.</param>
    public async Task<Submission?> SubmitAsync(JobRecord record, CancellationToken submitToken, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(submitToken);
        context.Properties.Set(RetryPipelines.RecordKey, record);
        try
        {
            var submission = await services.Retries.Throttle.ExecuteAsync(
                static (ctx, state) => state.Step.WithPermitAsync(ctx, state.Record, state.Hard),
                context,
                (Step: this, Record: record, Hard: cancellationToken));
            var task = submission.Task;
            record.RequestId = task.RequestId;
            record.SubmittedAt = services.Time.GetUtcNow();
            services.Run.Ledger.Submitted(record.Job.Id.Value, task, record.SubmittedAt.Value);
            services.Logger.JobSubmitted(record.Job.Id.Value, task.RequestId, record.Attempts);
            services.Gate.OnAccepted();
            breaker.Succeeded();
            return submission;
        }
        catch (ProviderException ex)
        {
            if (ex.StatusCode == HttpStatusCode.TooManyRequests)
            {
                // Stopped while waiting out a 429: cancelled, not failed. Otherwise still throttled after every requeue.
                submitToken.ThrowIfCancellationRequested();
                record.Note($"{ex.Message} (throttled {RetryPipelines.MaxThrottledSubmits + 1} times; gave up)");
            }
            else
            {
                record.SubmitInProgress = false;
                record.Note(ex.Message);
            }

            // A fatal answer already stopped submitting in WithPermitAsync, before its permit went back.
            if (!ex.IsFatal && ex.Acceptance != Acceptance.Rejected)
            {
                breaker.Failed(ex.Message);
            }

            return null;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One pass through the gate: a permit, then the submit with its own retries; the permit goes back if it fails.</summary>
    private async ValueTask<Submission> WithPermitAsync(ResilienceContext throttle, JobRecord record, CancellationToken cancellationToken)
    {
        var permit = await services.Gate.EnterAsync(throttle.CancellationToken);
        var context = ResilienceContextPool.Shared.Get(throttle.CancellationToken);
        context.Properties.Set(RetryPipelines.RecordKey, record);
        try
        {
            if (!record.Reserved)
            {
                // docs/architecture.md#3-write-ahead-ledger: fsynced before the request goes out.
                services.Run.Ledger.Reserved(record.Job.Id.Value, record.PriceUsd, services.Time.GetUtcNow(), record.Job.Provider);
                record.Reserved = true;
            }

            var task = await services.Retries.Submit.ExecuteAsync(
                static async (ctx, state) =>
                {
                    var (services, record, hardToken) = state;
                    await services.Gate.WaitForSubmitSlotAsync(ctx.CancellationToken);
                    record.Attempts++;
                    record.SubmitInProgress = true;
                    try
                    {
                        var task = await services.Provider.SubmitAsync(record.Job, hardToken);
                        record.SubmitInProgress = false;
                        return task;
                    }
                    catch (ProviderException ex) when (ex.Acceptance != Acceptance.Ambiguous)
                    {
                        // Certainly not taken: a cancel during the backoff that follows must not hold its price (issue 14, item 4).
                        record.SubmitInProgress = false;
                        throw;
                    }
                },
                context,
                (services, record, cancellationToken));
            return new Submission(task, permit);
        }
        catch (ProviderException ex) when (ex.IsFatal)
        {
            // Stop before the permit goes back: the lane that takes it next must already see that submitting stopped,
            // or a bad key costs one more refused submit per waiting lane.
            services.StopSubmitting(ex.Message);
            permit.Dispose();
            throw;
        }
        catch
        {
            permit.Dispose();
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
