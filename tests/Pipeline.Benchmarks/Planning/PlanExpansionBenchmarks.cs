using BenchmarkDotNet.Attributes;
using Pipeline.Manifests;
using Pipeline.Planning;

using Pipeline.Manifests.Reading;

namespace Pipeline.Benchmarks.Planning;

/// <summary>
/// Expanding and validating a 100,000-job plan (the budget: under 1 s and under 200 MB allocated). The manifest
/// uses the costly forms: a var in every prompt, a finetune A/B axis, a strength range and a seed range; every
/// job gets a content address (SHA-256) and is checked against the capability table.
/// </summary>
[MemoryDiagnoser]
public class PlanExpansionBenchmarks
{
    /// <summary>5 prompts × 5 colors × 2 finetunes × 10 strengths × 100 seeds × 2 aspect ratios.</summary>
    public const int Jobs = 100_000;

    private string _path = string.Empty;
    private CampaignManifest _manifest = null!;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"plan-expansion-{Environment.ProcessId}.yaml");
        File.WriteAllText(_path, Manifest());
        _manifest = new ManifestLoader().Load(_path);
        var jobs = Planner.Expand(_manifest).Jobs.Count;
        if (jobs != Jobs)
        {
            throw new InvalidOperationException($"the benchmark manifest plans {jobs} jobs, not {Jobs}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Description = "expand + validate 100k jobs")]
    public int ExpandAndValidate() => Planner.Expand(_manifest).Jobs.Count;

    [Benchmark(Description = "load + expand + validate 100k jobs")]
    public int LoadExpandAndValidate() => Planner.Expand(new ManifestLoader().Load(_path)).Jobs.Count;

    private static string Manifest()
    {
        var prompts = string.Join('\n', Enumerable.Range(1, 5).Select(i => $"    - id: p{i}\n      text: A {{color}} ACME kettle, scene {i}, soft morning light"));
        return $"""
            version: 1
            campaign: bench
            provider: sandbox
            model: flux-pro-1.1-ultra-finetuned
            matrix:
              vars:
                color: [black, white, red, copper, steel]
              prompts:
            {prompts}
              finetune_ids: [acme-v3, acme-v4]
              finetune_strengths: {"{from: 0.2, to: 2.0, step: 0.2}"}
              seeds: {"{count: 100, start: 1}"}
              aspect_ratios: ["16:9", "1:1"]
              exclude: [{"{color: red, seed: 100000}"}]
            params: {"{output_format: jpeg, safety_tolerance: 2}"}
            """;
    }
}
