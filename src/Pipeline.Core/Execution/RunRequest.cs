namespace Pipeline.Execution;

/// <summary>What <c>pipeline run</c> was asked to do; null overrides leave the manifest's value.</summary>
/// <param name="OutputRoot">The folder that holds campaign folders. Default <c>output</c>.</param>
public sealed record RunRequest(
    string ManifestPath,
    string OutputRoot = "output",
    string? Provider = null,
    Uri? BaseUrl = null,
    int? Concurrency = null,
    decimal? MaxCostUsd = null,
    Shard Shard = default);
