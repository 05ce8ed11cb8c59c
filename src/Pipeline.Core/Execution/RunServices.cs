using Microsoft.Extensions.Logging;
using Pipeline.Providers;

namespace Pipeline.Execution;

/// <summary>What every job of one run shares: the provider, the campaign's files, the limits, the clock and the retries.</summary>
/// <param name="Run">The audit log, ledger, budget and tasks in flight from earlier runs.</param>
/// <param name="StopSubmitting">Stops new submits for the rest of the run (a fatal answer, a tripped breaker), with the reason.</param>
internal sealed record RunServices(
    IImageProvider Provider,
    RunContext Run,
    ExecutorOptions Options,
    RateGate Gate,
    PollSchedule Schedule,
    RetryPipelines Retries,
    TimeProvider Time,
    ILogger Logger,
    Action<string> StopSubmitting);
