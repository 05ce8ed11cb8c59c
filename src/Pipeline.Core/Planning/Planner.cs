using Pipeline.Manifests;
using Pipeline.Manifests.Reading;
using Pipeline.Providers;
using Pipeline.Providers.Catalog;
using Pipeline.Domain;

namespace Pipeline.Planning;

/// <summary>Expands a validated manifest into its plan of jobs and checks every job against the capability table.</summary>
public static class Planner
{
    /// <summary>A plan may hold at most this many jobs (before exclude): larger matrices are refused, not enumerated.</summary>
    public const long MaxJobs = 1_000_000;

    /// <summary>
    /// Per prompt, the product of its axes — vars, finetune, strength, seed, aspect ratio or size, in that nesting
    /// order — where a prompt's overrides replace the matrix's axis and a <c>zip</c> group pairs its axes element-wise;
    /// then <c>exclude</c>, then <c>include</c>, with GitHub Actions matrix semantics
    /// (https://docs.github.com/actions/writing-workflows/choosing-what-your-workflow-does/running-variations-of-jobs-in-a-workflow).
    /// An exclude entry drops every combination that matches all of its keys. An include entry that matches a
    /// remaining combination on all its keys changes nothing (every key is an axis, so nothing can be added to it);
    /// otherwise it adds a new job, which must then name every axis of its prompt (the finetune may be left out
    /// when the prompt has one). Jobs with the same <see cref="JobId"/> are kept once, first wins.
    /// </summary>
    /// <param name="pinnedRandomSeeds">Seeds of a <c>{random: N}</c> axis from <c>campaign.lock.json</c>; missing ones are drawn.</param>
    /// <param name="capabilities">The table jobs are checked against; default <see cref="ProviderCatalog.Capabilities"/>.</param>
    /// <exception cref="ManifestException">
    /// The plan is too large, an include entry adds a job but leaves axes unset, or a job asks its provider for
    /// something it does not take (every error, located at the value that produced it).
    /// </exception>
    public static Plan Expand(CampaignManifest manifest, IReadOnlyList<long>? pinnedRandomSeeds = null, ProviderCapabilities? capabilities = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var matrix = manifest.Matrix;
        var (randomSeeds, reused) = RandomSeeds.Materialize(matrix.RandomSeedCount, pinnedRandomSeeds);
        var prompts = Enumerable.Range(0, matrix.Prompts.Count).Select(i => PromptAxes.For(manifest, i, randomSeeds)).ToList();
        var total = prompts.Sum(p => p.Count);
        if (total > MaxJobs)
        {
            throw new ManifestException([manifest.Sources.Error(MatrixReader.PathName, $"the matrix expands to {total:N0} jobs; a plan may hold at most {MaxJobs:N0}: split the campaign or zip some axes")]);
        }

        var factory = new JobFactory(manifest);
        var validator = new PlanValidator(manifest, capabilities ?? ProviderCatalog.Capabilities);
        var jobs = new List<Job>((int)Math.Min(total, 1 << 20));
        var ids = new HashSet<JobId>();
        var errors = new List<ManifestError>();
        foreach (var (axes, slots) in PlanPoints.Of(manifest, prompts, errors))
        {
            Add(factory.Create(axes, slots), slots);
        }

        errors.AddRange(validator.Errors);
        if (errors.Count > 0)
        {
            throw new ManifestException([.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
        }

        return new Plan(manifest, jobs) { RandomSeeds = randomSeeds, PinnedRandomSeeds = reused };

        void Add(Job job, Pick[] slots)
        {
            if (ids.Add(job.Id))
            {
                validator.Check(job, slots);
                jobs.Add(job);
            }
        }
    }
}
