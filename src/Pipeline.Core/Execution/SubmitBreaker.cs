namespace Pipeline.Execution;

/// <summary>
/// Stops submitting when the provider keeps failing: after <see cref="Threshold"/> jobs in a row could not be
/// submitted (retries exhausted), the run stops taking new jobs; in-flight jobs finish. A success resets it.
/// </summary>
internal sealed class SubmitBreaker(Action<string> trip)
{
    /// <summary>Consecutive jobs whose submit failed after all retries. Default 5.</summary>
    public const int Threshold = 5;

    private int _consecutiveFailures;

    public void Succeeded() => Interlocked.Exchange(ref _consecutiveFailures, 0);

    public void Failed(string lastError)
    {
        if (Interlocked.Increment(ref _consecutiveFailures) == Threshold)
        {
            trip($"the provider kept failing ({Threshold} jobs in a row could not be submitted; last: {lastError})");
        }
    }
}
