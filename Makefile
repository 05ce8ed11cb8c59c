# The two commands a new user needs: `make run` (render the example campaign on the built-in sandbox)
# and `make test`. Everything restores from NuGet; no key, no network beyond the package registry.
DOTNET ?= dotnet
CONFIG ?= Release
MANIFEST ?= manifests/example.yaml
# `make bench` runs every benchmark quickly (BenchmarkDotNet's short job); `make bench BENCH=PlanExpansion` selects one
# by name; BENCH_JOB=default measures with full accuracy.
BENCH ?=
BENCH_JOB ?= short
# Extra BenchmarkDotNet arguments, e.g. BENCH_FLAGS=--inProcess on a host too busy to build the generated project in time.
BENCH_FLAGS ?=
# The executor-efficiency harness: N jobs, concurrency C, sandbox latency T ms (issue 4: 2000 24 500); run again with
# three renditions per image (issue 15: efficiency within 2% of the run without them).
EXECUTOR ?= 2000 24 500
# The cold-start comparison (issue 17): pairs of fresh `pipeline run` and naive-client processes, N jobs, C, T ms.
COLD ?= 5 96 12 1000
# The rerun of a finished campaign (issue 14: median under 2 s): N jobs, K pairs of fresh `pipeline run` and naive processes.
RERUN ?= 2000 5
PACKAGE_ID = BrandAssetPipeline
VERSION = $(shell sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
export DOTNET_CLI_TELEMETRY_OPTOUT = 1
export DOTNET_NOLOGO = 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE = 1

.PHONY: build run test bench clean pack install uninstall

build:
	$(DOTNET) build Pipeline.sln -c $(CONFIG) -nologo -v quiet -clp:ErrorsOnly

run: build
	$(DOTNET) src/Pipeline.Cli/bin/$(CONFIG)/net10.0/pipeline.dll run $(MANIFEST)

test: build
	$(DOTNET) test Pipeline.sln -c $(CONFIG) --no-build -nologo

bench:
	$(DOTNET) run --project tests/Pipeline.Benchmarks -c Release -- --filter '*$(BENCH)*' --job $(BENCH_JOB) $(BENCH_FLAGS)
	$(DOTNET) run --project tests/Pipeline.Benchmarks -c Release --no-build -- executor $(EXECUTOR)
	$(DOTNET) run --project tests/Pipeline.Benchmarks -c Release --no-build -- executor $(EXECUTOR) renditions $(RENDITION_PAIRS)
	$(DOTNET) run --project tests/Pipeline.Benchmarks -c Release --no-build -- renditions $(RENDITIONS)
	$(DOTNET) run --project tests/Pipeline.Benchmarks -c Release --no-build -- cold $(COLD) --pipeline src/Pipeline.Cli/bin/Release/net10.0/pipeline.dll
	$(DOTNET) run --project tests/Pipeline.Benchmarks -c Release --no-build -- rerun $(RERUN) --pipeline src/Pipeline.Cli/bin/Release/net10.0/pipeline.dll

# The `pipeline` .NET tool: artifacts/BrandAssetPipeline.<version>.nupkg.
pack:
	$(DOTNET) pack src/Pipeline.Cli/Pipeline.Cli.csproj -c Release -o artifacts -nologo -v quiet -clp:ErrorsOnly

# Installs (or reinstalls) the tool for the current user from the local package: ~/.dotnet/tools/pipeline.
# Uninstall first: `dotnet tool update` keeps an installed copy of the same version.
install: pack
	-@$(DOTNET) tool uninstall --global $(PACKAGE_ID) >/dev/null 2>&1
	$(DOTNET) tool install --global --add-source ./artifacts $(PACKAGE_ID) --version $(VERSION)

uninstall:
	$(DOTNET) tool uninstall --global $(PACKAGE_ID)

clean:
	$(DOTNET) clean Pipeline.sln -c $(CONFIG) -nologo -v quiet
	rm -rf output/*/
