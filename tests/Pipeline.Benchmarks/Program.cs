using BenchmarkDotNet.Running;
using Pipeline.Benchmarks;
using Pipeline.Execution;

// `make bench` (quick: every benchmark with BenchmarkDotNet's short job, then the executor harness) or
// `make bench BENCH=PlanExpansion`; any BenchmarkDotNet argument works after `--` (e.g. `--job default`).
// `executor [N] [C] [T-ms]` runs the executor-efficiency harness alone (a wall-clock run, not a BenchmarkDotNet job).
// `cold [pairs] [N] [C] [T-ms] [--pipeline pipeline.dll]` runs the cold-start comparison (issue 17): fresh `pipeline run`
// processes against a naive client; `naive URL N C DIR` is that client, which the comparison starts in its own process.
// `executor [N] [C] [T-ms]` runs the executor-efficiency harness alone (a wall-clock run, not a BenchmarkDotNet job);
// `executor [N] [C] [T-ms] renditions [pairs]` runs that campaign without and with three renditions per image, alternating,
// and prints the issue 15 target (provider-facing efficiency within 2%), the whole run and the rendition tail;
// `rerun [N] [K] [--pipeline pipeline.dll]` times K fresh-process reruns of a finished N-job campaign beside a naive
// baseline (`rerun-naive DIR`: CsvHelper over audit.csv, SHA-256 of every kept file), issue 14's 2 s target.
// `renditions [N]` measures rendition throughput by CPU time.
// Each benchmark lives in its own file under a folder named after the stage it measures.
if (args.Length > 0 && args[0] == "executor")
{
    EventThreads.RunSocketCompletionsInline(); // As `pipeline` itself runs, so the figures are the product's.
    return await ExecutorEfficiency.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "cold")
{
    return await ColdStart.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "rerun")
{
    return await RerunSpeed.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "rerun-naive")
{
    return NaiveRerun.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "naive")
{
    return NaiveClient.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "renditions")
{
    return await Pipeline.Benchmarks.Renditions.RenditionThroughput.RunAsync(args[1..]);
}

var arguments = args.Length > 0 ? args : ["--filter", "*", "--job", "short"];
BenchmarkSwitcher.FromAssembly(typeof(ExecutorEfficiency).Assembly).Run(arguments);
return 0;
