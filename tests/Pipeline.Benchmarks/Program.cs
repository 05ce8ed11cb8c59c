using BenchmarkDotNet.Running;

// `make bench` (quick: every benchmark with BenchmarkDotNet's short job) or `make bench BENCH=PlanExpansion`;
// any BenchmarkDotNet argument works after `--` (e.g. `--job default` for full accuracy, `--list flat`).
// Each benchmark lives in its own file under a folder named after the stage it measures.
var arguments = args.Length > 0 ? args : ["--filter", "*", "--job", "short"];
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(arguments);
