# The two commands a new user needs: `make run` (render the example campaign on the built-in sandbox)
# and `make test`. Everything restores from NuGet; no key, no network beyond the package registry.
DOTNET ?= dotnet
CONFIG ?= Release
MANIFEST ?= manifests/example.yaml
# `make bench` runs every benchmark quickly (BenchmarkDotNet's short job); `make bench BENCH=PlanExpansion` selects one
# by name; BENCH_JOB=default measures with full accuracy.
BENCH ?=
BENCH_JOB ?= short
# The executor-efficiency harness: N jobs, concurrency C, sandbox latency T ms (issue 4: 2000 24 500).
EXECUTOR ?= 2000 24 500
export DOTNET_CLI_TELEMETRY_OPTOUT = 1
export DOTNET_NOLOGO = 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE = 1

.PHONY: build run test bench clean

build:
	$(DOTNET) build Pipeline.sln -c $(CONFIG) -nologo -v quiet -clp:ErrorsOnly

run: build
	$(DOTNET) src/Pipeline.Cli/bin/$(CONFIG)/net10.0/pipeline.dll run $(MANIFEST)

test: build
	$(DOTNET) test Pipeline.sln -c $(CONFIG) --no-build -nologo

bench:
	$(DOTNET) run --project tests/Pipeline.Benchmarks -c Release -- --filter '*$(BENCH)*' --job $(BENCH_JOB)
	$(DOTNET) run --project tests/Pipeline.Benchmarks -c Release --no-build -- executor $(EXECUTOR)

clean:
	$(DOTNET) clean Pipeline.sln -c $(CONFIG) -nologo -v quiet
	rm -rf output/*/
