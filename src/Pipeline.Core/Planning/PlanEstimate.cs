using Pipeline.Providers.Catalog;
using Pipeline.Domain;

namespace Pipeline.Planning;

/// <summary>What a plan will cost and take, before any call: list prices and the limits' throughput bound.</summary>
/// <param name="CostUsd">Sum of list prices (docs/providers.md#prices).</param>
/// <param name="Duration">max(waves × service time, jobs ÷ requests per minute).</param>
public sealed record PlanEstimate(int Jobs, decimal CostUsd, TimeSpan Duration)
{
    /// <summary>Typical submit-to-result time of a hosted FLUX render (10 s), or the provider's own (the sandbox is much faster).</summary>
    public static TimeSpan ServiceTimeFor(string provider) =>
        ProviderCatalog.Find(provider)?.ServiceTime ?? TimeSpan.FromSeconds(10);

    public static PlanEstimate For(Plan plan, int concurrency, int? requestsPerMinute)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var jobs = plan.Jobs.Count;
        var cost = plan.Jobs.Sum(j => ModelCatalog.Models.TryGetValue(j.Model, out var m) ? m.PriceUsd : 0m);
        var waves = (jobs + Math.Max(1, concurrency) - 1) / Math.Max(1, concurrency);
        var byConcurrency = ServiceTimeFor(plan.Manifest.Provider) * waves;
        var byRate = requestsPerMinute is { } rpm ? TimeSpan.FromMinutes((double)jobs / rpm) : TimeSpan.Zero;
        return new PlanEstimate(jobs, cost, byConcurrency > byRate ? byConcurrency : byRate);
    }
}
