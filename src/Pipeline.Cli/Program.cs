using Pipeline.Cli;
using Pipeline.Execution;

EventThreads.RunSocketCompletionsInline();

using var interrupts = Interrupts.ForProcess();
interrupts.Draining += grace => Console.Error.WriteLine(
    $"interrupt: no new submits; waiting up to {grace.TotalSeconds:0} s for jobs in flight ({interrupts.Again} to quit now; a rerun resumes either way).");
return await PipelineCli.InvokeAsync(args, interrupts: interrupts, cancellationToken: interrupts.Abort);
