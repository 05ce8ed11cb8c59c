using Pipeline.Domain;

namespace Pipeline.Providers.Catalog;

/// <summary>
/// The single entry to the per-provider parameter-mapping tables, looked up in <see cref="ProviderCatalog"/>. The
/// adapters build their requests from the same tables, so a job that passes here is a job the adapter can send.
/// </summary>
public static class ProviderRequests
{
    /// <summary>
    /// Why <paramref name="job"/> cannot render on <paramref name="provider"/>; empty when it can. Checks the model's
    /// endpoint, every field's name, type, range and enum, and required fields. Image files are not read.
    /// </summary>
    /// <param name="provider">A name from <see cref="ProviderCatalog.Names"/>.</param>
    public static IReadOnlyList<string> Problems(string provider, Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Build(provider, job, readFiles: false).Problems;
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
    public static string? Endpoint(string provider, string model) =>
        Map(provider, model) is { Unavailable: null } map ? map.Endpoint : null;

    /// <summary>The wire protocol a provider speaks (<see cref="ProviderDescriptor.Protocol"/>: <c>bfl</c> for the sandbox).</summary>
    public static string Protocol(string provider) => ProviderCatalog.Find(provider)?.Protocol ?? provider;

    /// <summary>The mapping table of <paramref name="provider"/> for <paramref name="model"/>, or null for an unknown provider.</summary>
    internal static EndpointMap? Map(string provider, string model) => ProviderCatalog.Find(provider)?.Map(model);

    /// <summary>The body the adapter of <paramref name="provider"/> sends for <paramref name="job"/>, or its problems.</summary>
    /// <param name="readFiles">False: image fields are checked but not read (and left out of the body).</param>
    internal static WireBody Build(string provider, Job job, bool readFiles) =>
        ProviderCatalog.Find(provider)?.Build(job, readFiles)
            ?? new WireBody(null, [$"unknown provider '{provider}'; known: {string.Join(", ", ProviderCatalog.Names)}"]);
}
