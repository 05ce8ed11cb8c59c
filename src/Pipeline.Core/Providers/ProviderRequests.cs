using Pipeline.Planning;
using Pipeline.Providers.Bfl;
using Pipeline.Providers.Fal;
using Pipeline.Providers.OpenAi;
using Pipeline.Providers.Replicate;

namespace Pipeline.Providers;

/// <summary>
/// The single entry to the per-provider parameter-mapping tables (<c>Bfl/BflRequest</c>, <c>Fal/FalRequest</c>,
/// <c>Replicate/ReplicateRequest</c>, <c>OpenAi/OpenAiRequest</c>; CometAPI and the sandbox use BFL's). The adapters
/// build their requests from the same tables, so a job that passes here is a job the adapter can send.
/// </summary>
public static class ProviderRequests
{
    /// <summary>
    /// Why <paramref name="job"/> cannot render on <paramref name="provider"/>; empty when it can. Checks the model's
    /// endpoint, every field's name, type, range and enum, and required fields. Image files are not read.
    /// </summary>
    /// <param name="provider">A name from <see cref="ModelCatalog.Providers"/>.</param>
    public static IReadOnlyList<string> Problems(string provider, Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var build = provider switch
        {
            "bfl" or "sandbox" or CometApi.CometApi.Provider => BflRequest.Build(provider, job, readFiles: false),
            FalRequest.Provider => FalRequest.Build(job, readFiles: false),
            ReplicateRequest.Provider => ReplicateRequest.Build(job, readFiles: false),
            OpenAiRequest.Provider => OpenAiRequest.Build(job, readFiles: false),
            _ => new WireBody(null, [$"unknown provider '{provider}'; known: {string.Join(", ", ModelCatalog.Providers)}"]),
        };
        return build.Problems;
    }

    /// <summary>Every distinct problem of <paramref name="jobs"/> on <paramref name="provider"/>, with how many jobs have it.</summary>
    public static IReadOnlyList<string> Problems(string provider, IEnumerable<Job> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return
        [
            .. jobs.SelectMany(job => Problems(provider, job))
                .GroupBy(p => p, StringComparer.Ordinal)
                .Select(g => g.Count() == 1 ? g.Key : $"{g.Key} ({g.Count()} jobs)"),
        ];
    }

    /// <summary>The provider's endpoint (path or model) for a manifest model, or null when it has none.</summary>
    public static string? Endpoint(string provider, string model)
    {
        var map = provider switch
        {
            "bfl" or "sandbox" or CometApi.CometApi.Provider => BflRequest.Map(provider, model),
            FalRequest.Provider => FalRequest.Map(model),
            ReplicateRequest.Provider => ReplicateRequest.Map(model),
            OpenAiRequest.Provider => OpenAiRequest.Map(model),
            _ => null,
        };
        return map is { Unavailable: null } ? map.Endpoint : null;
    }
}
